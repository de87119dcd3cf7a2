package dev.handmade.labelling.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettlementScheduleTest {

  @Test
  void theNextRunIsAMinuteAfterTheNextMidnightInThePayZone() {
    assertThat(
            SettlementSchedule.untilNextRun(Instant.parse("2026-05-04T23:00:00Z"), ZoneOffset.UTC))
        .isEqualTo(Duration.ofMinutes(61));
    // 00:30 in Berlin on the day clocks go forward: that day has 23 hours
    assertThat(
            SettlementSchedule.untilNextRun(
                Instant.parse("2026-03-28T23:30:00Z"), ZoneId.of("Europe/Berlin")))
        .isEqualTo(Duration.ofHours(22).plusMinutes(31));
  }
}
