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

  private NativeThreads() {}

  /** Applies the setting once per JVM, before the first network is built or read. */
  static void ensureConfigured() {
    Once.touch();
  }

  /**
   * Applies the setting to OpenMP in the calling thread. OpenMP keeps its thread count per thread:
   * oneDNN's convolutions ({@link Conv2dOpLayer}) ran on two OpenMP threads from every Flink task
   * thread, where OMP_NUM_THREADS was not set, whatever the JVM-wide setting said.
   */
  static void ensureConfiguredForThisThread() {
    Once.touch();
    if (!OPEN_MP_SET.get()) {
      NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(Once.THREADS);
      OPEN_MP_SET.set(true);
    }
  }

  private static final ThreadLocal<Boolean> OPEN_MP_SET = ThreadLocal.withInitial(() -> false);

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

  private static final class Once {
    static final int THREADS = threadsFor(System.getenv("OMP_NUM_THREADS"));

    static {
      Nd4j.getEnvironment().setMaxThreads(THREADS);
      Nd4j.getEnvironment().setMaxMasterThreads(THREADS);
      Nd4j.factory().blas().setMaxThreads(THREADS);
      LOG.info(
          "ND4J, OpenBLAS and OpenMP: {} thread(s) inside each operation (OMP_NUM_THREADS sets it)",
          THREADS);
    }

    static void touch() {}
  }
}
