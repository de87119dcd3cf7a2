package dev.handmade.infra.bench;

import dev.handmade.schema.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Frames per second of a batched prediction call, after a warm-up, over a fixed measuring time. */
public final class InferenceThroughput {

  public record Result(int batchSize, double framesPerSecond, double millisPerBatch) {}

  private InferenceThroughput() {}

  /** Calls {@code predict} on successive batches of {@code batch} frames drawn from {@code pool}. */
  public static Result measure(
      List<Frame> pool, int batch, double seconds, Consumer<List<Frame>> predict) {
    if (pool.size() < batch) {
      throw new IllegalArgumentException(
          "the pool has " + pool.size() + " frames, fewer than a batch of " + batch);
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

  /**
   * Frames/s of {@code threads} threads predicting at once, each with a predictor of its own from
   * {@code predictors}, over {@code windows} successive windows of {@code seconds} after a warm-up:
   * raw inference at the parallelism a job runs with.
   */
  public static List<Double> measureWindows(
      List<Frame> pool,
      int batch,
      int threads,
      int windows,
      double seconds,
      Supplier<Consumer<List<Frame>>> predictors)
      throws InterruptedException {
    if (pool.size() < batch) {
      throw new IllegalArgumentException(
          "the pool has " + pool.size() + " frames, fewer than a batch of " + batch);
    }
    LongAdder predicted = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      Thread worker =
          new Thread(
              () -> {
                Consumer<List<Frame>> predict = predictors.get();
                for (int step = offset; !stop.get(); step += threads) {
                  predict.accept(slice(pool, step, batch));
                  predicted.add(batch);
                }
              },
              "raw-inference-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    try {
      // warm-up: model loading, JIT, ND4J workspaces sized for this batch
      Thread.sleep(3000);
      List<Double> rates = new ArrayList<>();
      long count = predicted.sum();
      long start = System.nanoTime();
      for (int w = 0; w < windows; w++) {
        Thread.sleep((long) (seconds * 1000));
        long next = predicted.sum();
        long end = System.nanoTime();
        rates.add((next - count) / ((end - start) / 1e9));
        count = next;
        start = end;
      }
      return rates;
    } finally {
      stop.set(true);
      for (Thread worker : workers) {
        worker.join();
      }
    }
  }

  private static List<Frame> slice(List<Frame> pool, int step, int batch) {
    int from = (int) (((long) step * batch) % (pool.size() - batch + 1));
    return pool.subList(from, from + batch);
  }
}
