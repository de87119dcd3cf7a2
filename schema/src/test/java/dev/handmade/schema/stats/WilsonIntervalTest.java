package dev.handmade.schema.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

  private static final double Z95 = 1.959963984540054;

  @Test
  void knownValues() {
    // 95 of 100 at 95%: [0.8883, 0.9785]
    assertThat(WilsonInterval.lower(0.95, 100, Z95)).isCloseTo(0.8883, within(1e-4));
    assertThat(WilsonInterval.upper(0.95, 100, Z95)).isCloseTo(0.9785, within(1e-4));
    // the interval holds its estimate, and narrows as n grows
    assertThat(WilsonInterval.lower(0.95, 1000, Z95))
        .isBetween(WilsonInterval.lower(0.95, 100, Z95), 0.95);
  }

  @Test
  void atTheEdgesAndWithNoTrials() {
    assertThat(WilsonInterval.lower(0, 10, Z95)).isZero();
    assertThat(WilsonInterval.upper(1, 10, Z95)).isCloseTo(1, within(1e-12));
    assertThat(WilsonInterval.lower(0.5, 0, Z95)).isZero();
    assertThat(WilsonInterval.upper(0.5, 0, Z95)).isEqualTo(1);
  }
}
