/**
 * The audit log: its events ({@link AuditEvents}), the sink that writes each once in hourly,
 * hash-chained Avro files ({@link AuditLogSink}, {@link HashChainSealer}), and the incremental
 * reader of what it committed ({@link AuditLogTail}).
 */
package dev.handmade.pipeline.audit;
