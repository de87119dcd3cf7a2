/** The job top to bottom, its entry point and its options. */
package dev.handmade.pipeline.job;
