/** The task sink: label tasks to the labelling service's intake, each held by the service once. */
package dev.handmade.pipeline.sink.labelling;
