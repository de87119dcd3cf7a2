package dev.handmade.audit.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The length of a time series' buckets, chosen for the span it covers: the shortest of minute,
 * 2, 5, 10, 15 and 30 minutes, hour, 2, 3, 6 and 12 hours, day, 2, 5, 10 and 30 days that cuts
 * the span into at most {@link #MAX_BUCKETS} buckets. So a 22-minute run is 23 one-minute
 * buckets, a day is 96 of 15 minutes, three days are 72 hours, three months 91 days; once a span
 * is longer than two hours it has at least 40 buckets. Buckets start at whole multiples of their
 * length since the epoch, so in UTC a bucket of an hour starts on the hour and one of a day at
 * midnight.
 *
 * @param length the length of one bucket
 * @param name the length in words: "minute", "5 minutes", "hour", "day", "2 days"
 */
public record TimeBuckets(Duration length, String name) {

  /** Enough points to see a trend, few enough that each bar is still a bar. */
  public static final int MAX_BUCKETS = 120;

  private static final List<TimeBuckets> LADDER =
      List.of(
          minutes(1),
          minutes(2),
          minutes(5),
          minutes(10),
          minutes(15),
          minutes(30),
          hours(1),
          hours(2),
          hours(3),
          hours(6),
          hours(12),
          days(1),
          days(2),
          days(5),
          days(10),
          days(30));

  public TimeBuckets {
    if (length.toSeconds() < 1 || length.getNano() != 0) {
      throw new IllegalArgumentException(
          "a bucket is a positive whole number of seconds, not " + length);
    }
  }

  /**
   * The shortest bucket that cuts {@code [first, last]} into at most {@link #MAX_BUCKETS}; beyond
   * what the ladder reaches, multiples of 30 days. Minutes for an empty or short span.
   */
  public static TimeBuckets fitting(Instant first, Instant last) {
    if (first == null || last == null || !last.isAfter(first)) {
      return LADDER.get(0);
    }
    for (TimeBuckets buckets : LADDER) {
      if (buckets.count(first, last) <= MAX_BUCKETS) {
        return buckets;
      }
    }
    long month = Duration.ofDays(30).toSeconds();
    long months = Duration.between(first, last).toSeconds() / (month * MAX_BUCKETS);
    for (long n = Math.max(2, months); ; n++) {
      TimeBuckets buckets = days(30 * n);
      if (buckets.count(first, last) <= MAX_BUCKETS) {
        return buckets;
      }
    }
  }

  /** The start of the bucket that holds {@code t}. */
  public Instant startOf(Instant t) {
    long seconds = length.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), seconds) * seconds);
  }

  /** How many buckets {@code [first, last]} touches, both ends included. */
  public long count(Instant first, Instant last) {
    long seconds = length.toSeconds();
    return Math.floorDiv(last.getEpochSecond(), seconds)
        - Math.floorDiv(first.getEpochSecond(), seconds)
        + 1;
  }

  private static TimeBuckets minutes(long n) {
    return new TimeBuckets(Duration.ofMinutes(n), n == 1 ? "minute" : n + " minutes");
  }

  private static TimeBuckets hours(long n) {
    return new TimeBuckets(Duration.ofHours(n), n == 1 ? "hour" : n + " hours");
  }

  private static TimeBuckets days(long n) {
    return new TimeBuckets(Duration.ofDays(n), n == 1 ? "day" : n + " days");
  }
}
