package dev.handmade.labelling.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GoldPolicyTest {

  @Test
  void goldComesAtTheConfiguredRateStartingWithTheFirstTask() {
    GoldPolicy policy = new GoldPolicy(0.1, 5, 0.7);
    long[] gold = LongStream.range(0, 100).filter(policy::goldDue).toArray();
    assertThat(gold).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
  }

  @Test
  void rateZeroNeverAndRateOneAlways() {
    assertThat(LongStream.range(0, 50).filter(new GoldPolicy(0, 5, 0.7)::goldDue).count()).isZero();
    assertThat(LongStream.range(0, 50).filter(new GoldPolicy(1, 5, 0.7)::goldDue).count())
        .isEqualTo(50);
  }

  @Test
  void accuracyIsJudgedOnlyAfterEnoughGold() {
    GoldPolicy policy = new GoldPolicy(0.1, 5, 0.7);
    assertThat(policy.setAsideReason(4, 0)).isEmpty();
    assertThat(policy.setAsideReason(5, 4)).isEmpty();
    assertThat(policy.setAsideReason(10, 7)).isEmpty();
    assertThat(policy.setAsideReason(5, 3))
        .contains("labeller accuracy on gold 0.60 (3 of 5) is below the threshold 0.70");
  }
}
