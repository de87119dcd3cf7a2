package dev.handmade.pipeline.audit;

import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.pipeline.objectstore.AvroObjectSink;
import dev.handmade.pipeline.objectstore.TimePartitions;
import dev.handmade.schema.AuditEvent;

/**
 * The audit log: every {@link AuditEvent} once, as Avro container files under {@code audit/},
 * partitioned by the UTC hour it was recorded in ({@code audit/dt=2026-11-29/hour=08/}).
 *
 * <p>Partitioning by {@code recordedAt} rather than by arrival keeps a replayed event in the
 * folder it was first written to, and lets an auditor read one hour without listing the rest.
 */
public final class AuditLogSink {

  public static final String PREFIX = "audit";

  private AuditLogSink() {}

  /** The sink with its defaults. */
  public static AvroObjectSink<AuditEvent> create(ObjectStoreConfig storeConfig) {
    return builder().storeConfig(storeConfig).build();
  }

  /** Prefix and partitioner set; add the store, and file limits if the defaults do not fit. */
  public static AvroObjectSink.Builder<AuditEvent> builder() {
    return AvroObjectSink.builder(AuditEvent.class)
        .prefix(PREFIX)
        .partitioner(AuditLogSink::partitionOf);
  }

  /** {@code dt=2026-11-29/hour=08}, from {@code recordedAt} in UTC. */
  public static String partitionOf(AuditEvent event) {
    return TimePartitions.hour(event.getRecordedAt());
  }
}
