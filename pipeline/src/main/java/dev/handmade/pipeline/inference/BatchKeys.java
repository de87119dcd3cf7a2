package dev.handmade.pipeline.inference;

import dev.handmade.pipeline.util.StableHash;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The keys of inference's batch buckets, chosen so that each subtask owns the same number of them.
 *
 * <p>Flink sends a key to the subtask that owns its key group (a murmur hash of the key's hash code,
 * modulo the maximum parallelism). A handful of plain keys 0..n-1 lands unevenly: at parallelism 2,
 * keys 0 to 3 all went to subtask 1 and the other subtask idled. So, for each subtask, the smallest
 * integers Flink assigns to it are taken as its buckets, and a frame picks one by a stable hash of
 * its id.
 */
public final class BatchKeys implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] keys;

  private BatchKeys(int[] keys) {
    this.keys = keys;
  }

  /**
   * {@code perSubtask} buckets for each of {@code parallelism} subtasks, under the maximum
   * parallelism Flink gives the operator: {@code maxParallelism} when the job sets one (> 0), else
   * Flink's default for that parallelism.
   */
  public static BatchKeys forParallelism(int parallelism, int maxParallelism, int perSubtask) {
    if (parallelism < 1 || perSubtask < 1) {
      throw new IllegalArgumentException(
          "parallelism " + parallelism + " and perSubtask " + perSubtask + " must be at least 1");
    }
    int max =
        maxParallelism > 0
            ? maxParallelism
            : KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
    if (parallelism > max) {
      throw new IllegalArgumentException(
          "parallelism " + parallelism + " above the maximum parallelism " + max);
    }
    int[] keys = new int[parallelism * perSubtask];
    int[] found = new int[parallelism];
    int filled = 0;
    for (int candidate = 0; filled < keys.length; candidate++) {
      int subtask =
          KeyGroupRangeAssignment.assignKeyToParallelOperator(candidate, max, parallelism);
      if (found[subtask] < perSubtask) {
        keys[found[subtask] * parallelism + subtask] = candidate;
        found[subtask]++;
        filled++;
      }
    }
    return new BatchKeys(keys);
  }

  /** The bucket a frame is batched in: the same in every run, so a replay batches it alike. */
  public int of(String frameId) {
    return keys[StableHash.bucket(frameId, keys.length)];
  }

  /** Every bucket key, in the order frames are spread over them. */
  public int[] keys() {
    return keys.clone();
  }

  @Override
  public String toString() {
    return "BatchKeys" + Arrays.toString(keys);
  }
}
