/**
 * Exactly-once Avro files in object storage: {@link AvroObjectSink}, a two-phase-commit Sink V2
 * whose {@link FileSealer} makes each file's bytes (plain, or the audit log's hash chain); the
 * storage module's {@code AvroObjectReader} reads back what it committed.
 */
package dev.handmade.pipeline.sink.objectstore;
