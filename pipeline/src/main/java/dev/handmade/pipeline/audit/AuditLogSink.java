package dev.handmade.pipeline.audit;

import dev.handmade.audit.chain.HashChain;
import dev.handmade.audit.log.AuditLog;
import dev.handmade.pipeline.sink.objectstore.AvroObjectSink;
import dev.handmade.pipeline.sink.objectstore.TimePartitions;
import dev.handmade.schema.AuditEvent;
import dev.handmade.storage.ObjectStoreConfig;

/**
 * The audit log: every {@link AuditEvent} once, as Avro container files under {@code audit/},
 * partitioned by the UTC hour it was recorded in ({@code audit/dt=2026-11-29/hour=08/}), and
 * hash-chained for tamper evidence ({@link HashChainSealer}), so the sink runs with parallelism 1
 * ({@link #PARALLELISM}).
 *
 * <p>Partitioning by {@code recordedAt} rather than by arrival keeps a replayed event in the
 * folder it was first written to, and lets an auditor read one hour without listing the rest.
 */
public final class AuditLogSink {

  public static final String PREFIX = AuditLog.PREFIX;

  /** One writer, one chain. An audit event is a few hundred bytes; one writer keeps up. */
  public static final int PARALLELISM = 1;

  private AuditLogSink() {}

  /** The sink with its defaults. */
  public static AvroObjectSink<AuditEvent, HashChain.Link> create(ObjectStoreConfig storeConfig) {
    return builder().storeConfig(storeConfig).build();
  }

  /** Prefix and partitioner set; add the store, and file limits if the defaults do not fit. */
  public static AvroObjectSink.Builder<AuditEvent, HashChain.Link> builder() {
    return AvroObjectSink.builder(AuditEvent.class, new HashChainSealer())
        .prefix(PREFIX)
        .partitioner(AuditLogSink::partitionOf);
  }

  /** {@code dt=2026-11-29/hour=08}, from {@code recordedAt} in UTC. */
  public static String partitionOf(AuditEvent event) {
    return TimePartitions.hour(event.getRecordedAt());
  }
}
