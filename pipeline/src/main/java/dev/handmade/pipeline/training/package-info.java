/** The continuous trainer, and which verified frames are evidence and which training examples. */
package dev.handmade.pipeline.training;
