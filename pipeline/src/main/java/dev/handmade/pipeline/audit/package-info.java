/**
 * The audit log as the job writes it: its events ({@link AuditEvents}) and the sink that writes
 * each once in hourly, hash-chained Avro files ({@link AuditLogSink}, {@link HashChainSealer}).
 * Reading it back is the audit module's ({@code dev.handmade.audit.log}).
 */
package dev.handmade.pipeline.audit;
