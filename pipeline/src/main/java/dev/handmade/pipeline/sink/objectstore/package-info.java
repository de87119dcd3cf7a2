/**
 * Exactly-once Avro files in object storage: {@link
 * dev.handmade.pipeline.sink.objectstore.AvroObjectSink} (a two-phase-commit Sink V2 shared by the
 * audit log and the dead letters); {@link dev.handmade.storage.avro.AvroObjectReader} reads back
 * what it committed.
 */
package dev.handmade.pipeline.sink.objectstore;
