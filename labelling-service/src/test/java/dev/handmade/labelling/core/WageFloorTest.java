package dev.handmade.labelling.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WageFloorTest {

  private final WageFloor floor = new WageFloor(1200);

  @Test
  void theFloorOfADayIsTheHourlyMinimumTimesActiveHoursRoundedUpToTheCent() {
    assertThat(floor.floorCents(3_600_000)).isEqualTo(1200);
    // 3 minutes at 12.00 an hour is 0.60 exactly: no rounding
    assertThat(floor.floorCents(180_000)).isEqualTo(60);
    // 150.001 s is 50.0003 cents: the labeller gets the whole cent
    assertThat(floor.floorCents(150_001)).isEqualTo(51);
    assertThat(floor.floorCents(1)).isEqualTo(1);
    assertThat(floor.floorCents(0)).isZero();
  }

  @Test
  void theTopUpIsWhatThePiecePayLacks() {
    assertThat(floor.topUpCents(450_003, 6)).isEqualTo(151 - 6);
    assertThat(floor.topUpCents(180_000, 60)).isZero();
    assertThat(floor.topUpCents(180_000, 59)).isEqualTo(1);
    assertThat(floor.topUpCents(60_000, 200)).isZero();
    assertThat(floor.topUpCents(0, 0)).isZero();
  }

  @Test
  void noFloorPaysNoTopUp() {
    WageFloor none = new WageFloor(0);
    assertThat(none.topUpCents(86_400_000, 0)).isZero();
    assertThatThrownBy(() -> new WageFloor(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Against decimal arithmetic: piece pay plus top-up is the floor rounded up, or the piece pay when more. */
  @Test
  void pieceAndTopUpAddUpToTheRoundedUpFloorExactly() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long minimum = random.nextInt(1_000_001);
      long activeMillis = random.nextInt(86_400_001);
      long piece = random.nextInt(50_000);
      WageFloor f = new WageFloor(minimum);
      long expectedFloor =
          BigDecimal.valueOf(minimum)
              .multiply(BigDecimal.valueOf(activeMillis))
              .divide(BigDecimal.valueOf(3_600_000), 0, RoundingMode.CEILING)
              .longValueExact();
      assertThat(f.floorCents(activeMillis))
          .as("%d c/h over %d ms", minimum, activeMillis)
          .isEqualTo(expectedFloor);
      assertThat(piece + f.topUpCents(activeMillis, piece))
          .isEqualTo(Math.max(piece, expectedFloor));
    }
  }
}
