/** Input the pipeline could not use, kept with the reason as daily Avro files. */
package dev.handmade.pipeline.sink.deadletter;
