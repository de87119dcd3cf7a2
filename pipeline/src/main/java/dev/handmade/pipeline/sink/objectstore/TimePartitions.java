package dev.handmade.pipeline.sink.objectstore;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Hive-style time partitions in UTC, so that query engines prune them and an hour written from
 * any time zone lands in the same folder.
 */
public final class TimePartitions {

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private TimePartitions() {}

  /** {@code dt=2026-11-29/hour=08}. */
  public static String hour(Instant time) {
    return HOUR.format(time);
  }

  /** {@code dt=2026-11-29}. */
  public static String day(Instant time) {
    return DAY.format(time);
  }
}
