package dev.handmade.pipeline.sink.deadletter;

import dev.handmade.pipeline.sink.objectstore.AvroObjectSink;
import dev.handmade.pipeline.sink.objectstore.TimePartitions;
import dev.handmade.schema.DeadLetter;
import dev.handmade.storage.ObjectStoreConfig;

/**
 * Input the pipeline could not use, kept with the reason: Avro container files under {@code
 * dead-letters/}, partitioned by the UTC day the letter was recorded ({@code
 * dead-letters/dt=2026-11-29/}). By day, not by hour, because there should be few of them.
 */
public final class DeadLetterSink {

  public static final String PREFIX = "dead-letters";

  private DeadLetterSink() {}

  /** The sink with its defaults. */
  public static AvroObjectSink<DeadLetter, Void> create(ObjectStoreConfig storeConfig) {
    return builder().storeConfig(storeConfig).build();
  }

  /** Prefix and partitioner set; add the store, and file limits if the defaults do not fit. */
  public static AvroObjectSink.Builder<DeadLetter, Void> builder() {
    return AvroObjectSink.builder(DeadLetter.class)
        .prefix(PREFIX)
        .partitioner(DeadLetterSink::partitionOf);
  }

  /** {@code dt=2026-11-29}, from {@code recordedAt} in UTC. */
  public static String partitionOf(DeadLetter letter) {
    return TimePartitions.day(letter.getRecordedAt());
  }
}
