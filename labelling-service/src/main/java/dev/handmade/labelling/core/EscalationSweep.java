package dev.handmade.labelling.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends escalated tasks that have outgrown the crowd when nothing else would notice: a lease on
 * them expired unanswered, or a labeller was set aside. Answers and releases check on their own.
 */
public final class EscalationSweep implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EscalationSweep.class);
  private static final Duration MAX_PERIOD = Duration.ofMinutes(1);

  private final ScheduledExecutorService executor;

  private EscalationSweep(LabellingQueue queue, Duration period) {
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "escalation-sweep");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            int ended = queue.resolveOutgrownEscalations();
            if (ended > 0) {
              LOG.info(
                  "{} escalated tasks ended unresolved: too few labellers can still answer them",
                  ended);
            }
          } catch (RuntimeException e) {
            LOG.warn("escalation sweep failed; trying again in {}", period, e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Every lease duration, at most every minute: an expired lease is what it mostly waits for. */
  public static EscalationSweep start(LabellingQueue queue, Duration leaseDuration) {
    return new EscalationSweep(
        queue, leaseDuration.compareTo(MAX_PERIOD) < 0 ? leaseDuration : MAX_PERIOD);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
