/** The client of the labelling service that the task sink and the feed source share. */
package dev.handmade.pipeline.labelling;
