package dev.handmade.infra.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap a stretch of work needed, measured two ways. The peak used: the sum over the heap's
 * memory pools of each pool's peak since the start (MemoryPoolMXBean); pools peak at different
 * moments, so this bounds the true peak from above, and it counts garbage not yet collected. And
 * the peak live heap: the most the heap held right after any garbage collection in the stretch
 * (GC notifications), what the work kept reachable at its largest.
 */
public final class HeapPeak implements AutoCloseable {

  /**
   * @param usedBytes the sum of the heap pools' peaks
   * @param liveBytes the most held right after a collection; 0 when none ran
   * @param collections garbage collections in the stretch
   */
  public record Result(long usedBytes, long liveBytes, long collections) {}

  private final List<MemoryPoolMXBean> pools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .toList();
  private final AtomicLong live = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final NotificationListener listener =
      (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
            notification.getType())) {
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          long after =
              info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                  .filter(e -> pools.stream().anyMatch(p -> p.getName().equals(e.getKey())))
                  .mapToLong(e -> e.getValue().getUsed())
                  .sum();
          live.accumulateAndGet(after, Math::max);
          collections.incrementAndGet();
        }
      };

  private HeapPeak() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
    }
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Collects what earlier work left, then starts measuring. */
  public static HeapPeak start() {
    System.gc();
    return new HeapPeak();
  }

  public Result result() {
    long used =
        pools.stream().map(MemoryPoolMXBean::getPeakUsage).mapToLong(MemoryUsage::getUsed).sum();
    return new Result(used, live.get(), collections.get());
  }

  @Override
  public void close() throws Exception {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).removeNotificationListener(listener);
    }
  }
}
