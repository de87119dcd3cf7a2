package dev.handmade.labelling.core;

import dev.handmade.audit.statement.LabourStatementPublisher;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the labour statement of each model version the trainer publishes, from the audit log and
 * this service's own pay ledger: the service is the one part that holds both the ledger and the
 * labellers' ids that the audit log names. It looks at the registry every {@link #PERIOD}.
 */
public final class LabourStatementSchedule implements AutoCloseable {

  public static final Duration PERIOD = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(LabourStatementSchedule.class);

  private final LabourStatementPublisher publisher;
  private final ScheduledExecutorService executor;

  private LabourStatementSchedule(LabourStatementPublisher publisher) {
    this.publisher = publisher;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "labour-statements");
              t.setDaemon(true);
              return t;
            });
  }

  public static LabourStatementSchedule start(LabourStatementPublisher publisher) {
    LabourStatementSchedule schedule = new LabourStatementSchedule(publisher);
    schedule.executor.scheduleWithFixedDelay(
        schedule::run, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return schedule;
  }

  private void run() {
    try {
      List<String> written = publisher.publishDue();
      if (!written.isEmpty()) {
        LOG.info("labour statements written for {}", written);
      }
    } catch (RuntimeException e) {
      // the bucket or the database away: the next look tries again
      LOG.warn(
          "labour statements: could not write the due statements; trying again in {}", PERIOD, e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("labour statements: the publishing thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
