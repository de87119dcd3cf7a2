package dev.handmade.pipeline.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

class BatchKeysTest {

  @Test
  void everySubtaskOwnsTheSameNumberOfBuckets() {
    for (int parallelism = 1; parallelism <= 16; parallelism++) {
      for (int max : new int[] {-1, 128, 4096}) {
        BatchKeys keys = BatchKeys.forParallelism(parallelism, max, 2);
        int maxParallelism =
            max > 0 ? max : KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
        int[] owned = new int[parallelism];
        for (int key : keys.keys()) {
          owned[
              KeyGroupRangeAssignment.assignKeyToParallelOperator(
                  key, maxParallelism, parallelism)]++;
        }
        assertThat(owned).as("parallelism %d, max %d", parallelism, max).containsOnly(2);
        assertThat(Arrays.stream(keys.keys()).distinct().count()).isEqualTo(2L * parallelism);
      }
    }
  }

  @Test
  void framesSpreadEvenlyAndAlwaysToTheSameBucket() {
    BatchKeys keys = BatchKeys.forParallelism(2, -1, 2);
    Map<Integer, Integer> perSubtask = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      String frameId = "sim-2026-" + i;
      int key = keys.of(frameId);
      assertThat(keys.of(frameId)).isEqualTo(key);
      perSubtask.merge(
          KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, 2), 1, Integer::sum);
    }
    assertThat(perSubtask).containsOnlyKeys(0, 1);
    assertThat(perSubtask.values()).allSatisfy(n -> assertThat(n).isBetween(4_700, 5_300));
  }

  @Test
  void refusesWhatFlinkWouldRefuse() {
    assertThatThrownBy(() -> BatchKeys.forParallelism(0, 128, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchKeys.forParallelism(200, 128, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
