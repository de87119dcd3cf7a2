package dev.handmade.model.classifier;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many threads ND4J, its OpenBLAS and OpenMP (oneDNN) use inside one operation: one, unless {@code
 * OMP_NUM_THREADS} says otherwise. The network is small, so a second thread inside a layer gains
 * nothing, while OpenBLAS's idle workers spin on {@code sched_yield} for a while after each call:
 * with inference calling every 100 ms they never went to sleep, and in {@code handmade up} on 2
 * cores one such worker took 35-46% of a core, about 60% of it in the kernel, from the job. The
 * job's parallelism, not threads inside an operation, spreads it over the cores.
 */
final class NativeThreads {

  private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

  /** ND4J loaded and set up, on a thread that a cancelled Flink task cannot interrupt. */
  private static final InitialisedOnce<Integer> ND4J =
      new InitialisedOnce<>(
          "loading ND4J", Nd4j.class.getClassLoader(), NativeThreads::loadAndConfigure);

  private static final ThreadLocal<Boolean> OPEN_MP_SET = ThreadLocal.withInitial(() -> false);

  private NativeThreads() {}

  /** Loads ND4J and applies the setting once per JVM, before the first network is built or read. */
  static void ensureConfigured() {
    ND4J.get();
  }

  /**
   * Applies the setting to OpenMP in the calling thread. OpenMP keeps its thread count per thread:
   * oneDNN's convolutions ({@link Conv2dOpLayer}) ran on two OpenMP threads from every Flink task
   * thread, where OMP_NUM_THREADS was not set, whatever the JVM-wide setting said.
   */
  static void ensureConfiguredForThisThread() {
    int threads = ND4J.get();
    if (!OPEN_MP_SET.get()) {
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
      OPEN_MP_SET.set(true);
    }
  }

  /** The threads per operation for a value of {@code OMP_NUM_THREADS}: 1 when unset or not a positive number. */
  static int threadsFor(String ompNumThreads) {
    if (ompNumThreads == null) {
      return 1;
    }
    try {
      return Math.max(1, Integer.parseInt(ompNumThreads.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private static int loadAndConfigure() {
    int threads = threadsFor(System.getenv("OMP_NUM_THREADS"));
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    LOG.info(
        "ND4J, OpenBLAS and OpenMP: {} thread(s) inside each operation (OMP_NUM_THREADS sets it)",
        threads);
    return threads;
  }
}
