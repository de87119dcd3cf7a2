package dev.handmade.infra.bench;

import dev.handmade.schema.Frame;
import java.util.List;
import java.util.function.Consumer;

/** Frames per second of a batched prediction call, after a warm-up, over a fixed measuring time. */
public final class InferenceThroughput {

  public record Result(int batchSize, double framesPerSecond, double millisPerBatch) {}

  private InferenceThroughput() {}

  /** Calls {@code predict} on successive batches of {@code batch} frames drawn from {@code pool}. */
  public static Result measure(List<Frame> pool, int batch, double seconds, Consumer<List<Frame>> predict) {
    if (pool.size() < batch) {
      throw new IllegalArgumentException("the pool has " + pool.size() + " frames, fewer than a batch of " + batch);
    }
    // warm-up: JIT, ND4J workspaces sized for this batch
    long warmUntil = System.nanoTime() + 2_000_000_000L;
    int step = 0;
    while (System.nanoTime() < warmUntil) {
      predict.accept(slice(pool, step++, batch));
    }
    long frames = 0;
    long batches = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      predict.accept(slice(pool, step++, batch));
      frames += batch;
      batches++;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(batch, frames / elapsed, 1000 * elapsed / batches);
  }

  private static List<Frame> slice(List<Frame> pool, int step, int batch) {
    int from = (int) (((long) step * batch) % (pool.size() - batch + 1));
    return pool.subList(from, from + batch);
  }
}
