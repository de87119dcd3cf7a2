package dev.handmade.labelling.core;

import dev.handmade.labelling.db.FeedDao;
import dev.handmade.labelling.db.Transactions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives staged feed entries their sequences (see {@link FeedDao#publish}). Readers publish before
 * they read, so a reader always finds every entry that committed before its request; the
 * background round keeps the feed's last sequence current between reads.
 */
public final class FeedPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FeedPublisher.class);

  /** Entries numbered in one transaction: bounds how long the publisher lock is held. */
  static final int BATCH = 1000;

  private final Jdbi jdbi;
  private final FeedDao feed;
  private ScheduledExecutorService executor;

  public FeedPublisher(Jdbi jdbi, FeedDao feed) {
    this.jdbi = jdbi;
    this.feed = feed;
  }

  /** Publishes every entry committed so far; returns how many. */
  public int publishPending() {
    int total = 0;
    int published;
    do {
      published = Transactions.inTransaction(jdbi, h -> feed.publish(h, BATCH));
      total += published;
    } while (published == BATCH);
    return total;
  }

  /** Publishes in the background, every {@code period}. */
  public FeedPublisher start(Duration period) {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "feed-publisher");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            publishPending();
          } catch (RuntimeException e) {
            LOG.warn(
                "publishing the feed failed; readers still publish before they read; trying again in {}",
                period,
                e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void close() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
