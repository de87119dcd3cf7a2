package dev.handmade.labelling.core;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles ended days on its own: once at start, for days that ended while the service was down,
 * then shortly after each midnight in the pay time zone. The grace after midnight lets answers
 * stamped in the last moments of the day commit before their day is settled.
 */
public final class SettlementSchedule implements AutoCloseable {

  static final Duration GRACE = Duration.ofMinutes(1);

  /** A failed run (the database away, say) is tried again after this, not a day later. */
  static final Duration RETRY = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(SettlementSchedule.class);

  private final Ledger ledger;
  private final ScheduledExecutorService executor;

  private SettlementSchedule(Ledger ledger) {
    this.ledger = ledger;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pay-settlement");
              t.setDaemon(true);
              return t;
            });
  }

  public static SettlementSchedule start(Ledger ledger) {
    SettlementSchedule schedule = new SettlementSchedule(ledger);
    schedule.executor.execute(schedule::run);
    return schedule;
  }

  private void run() {
    Duration next;
    try {
      ledger.settleEndedDays();
      next = untilNextRun(ledger.clock().instant(), ledger.zone());
    } catch (RuntimeException e) {
      LOG.warn("wage floor: settling ended days failed; trying again in {}", RETRY, e);
      next = RETRY;
    }
    try {
      executor.schedule(this::run, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed while this run was under way: nothing more to schedule
    }
  }

  /** From now to the next midnight in the pay zone, plus the grace; daylight-saving days included. */
  static Duration untilNextRun(Instant now, ZoneId zone) {
    Instant midnight = LocalDate.ofInstant(now, zone).plusDays(1).atStartOfDay(zone).toInstant();
    return Duration.between(now, midnight).plus(GRACE);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("wage floor: the settlement thread did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
