package dev.handmade.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBucketsTest {

  private static final Instant START = Instant.parse("2026-11-29T08:00:04Z");

  private static TimeBuckets fitting(Duration span) {
    return TimeBuckets.fitting(START, START.plus(span));
  }

  @Test
  void aShortRunIsMinutesHoursOfRunAreMinutesDaysAreHoursMonthsAreDays() {
    assertThat(fitting(Duration.ofMinutes(22)).name()).isEqualTo("minute");
    assertThat(
            TimeBuckets.fitting(START, START.plus(Duration.ofMinutes(22)))
                .count(START, START.plus(Duration.ofMinutes(22))))
        .isEqualTo(23);
    assertThat(fitting(Duration.ofHours(3)).name()).isEqualTo("2 minutes");
    assertThat(fitting(Duration.ofDays(1)).name()).isEqualTo("15 minutes");
    assertThat(fitting(Duration.ofDays(3)).name()).isEqualTo("hour");
    assertThat(fitting(Duration.ofDays(14)).name()).isEqualTo("3 hours");
    assertThat(fitting(Duration.ofDays(90)).name()).isEqualTo("day");
    assertThat(fitting(Duration.ofDays(365)).name()).isEqualTo("5 days");
  }

  @Test
  void anEmptyOrInstantLogIsMinutes() {
    assertThat(TimeBuckets.fitting(null, null).length()).isEqualTo(Duration.ofMinutes(1));
    assertThat(TimeBuckets.fitting(START, START).name()).isEqualTo("minute");
    assertThat(fitting(Duration.ofSeconds(30)).count(START, START.plusSeconds(30))).isEqualTo(1);
  }

  @Test
  void everySpanFromTwoHoursToDecadesHasFortyToOneHundredTwentyBuckets() {
    for (long minutes = 121; minutes < 20L * 365 * 24 * 60; minutes = minutes * 11 / 10 + 7) {
      Instant last = START.plus(Duration.ofMinutes(minutes));
      TimeBuckets buckets = TimeBuckets.fitting(START, last);
      assertThat(buckets.count(START, last))
          .as("%d minutes in %s buckets", minutes, buckets.name())
          .isBetween(40L, (long) TimeBuckets.MAX_BUCKETS);
    }
    for (long minutes = 20; minutes < 120; minutes++) {
      Instant last = START.plus(Duration.ofMinutes(minutes));
      assertThat(TimeBuckets.fitting(START, last).name()).isEqualTo("minute");
    }
  }

  @Test
  void bucketsStartOnWholeUnitsInUtc() {
    Instant at = Instant.parse("2026-11-29T08:47:13Z");
    assertThat(fitting(Duration.ofMinutes(22)).startOf(at))
        .isEqualTo(Instant.parse("2026-11-29T08:47:00Z"));
    assertThat(fitting(Duration.ofDays(1)).startOf(at))
        .isEqualTo(Instant.parse("2026-11-29T08:45:00Z"));
    assertThat(fitting(Duration.ofDays(3)).startOf(at))
        .isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
    assertThat(fitting(Duration.ofDays(90)).startOf(at))
        .isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
  }
}
