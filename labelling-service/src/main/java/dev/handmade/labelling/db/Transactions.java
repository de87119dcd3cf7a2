package dev.handmade.labelling.db;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Transactions that PostgreSQL may abort for reasons of its own: a deadlock (40P01) or a
 * serialization failure (40001) rolls the whole transaction back, so running it again from the
 * start is safe and is what the caller would have to do anyway. A few tries with a short random
 * pause; past them the failure goes up as it came.
 */
public final class Transactions {

  static final Set<String> RETRYABLE = Set.of("40P01", "40001");
  private static final int ATTEMPTS = 5;

  private Transactions() {}

  public static <R, X extends Exception> R inTransaction(Jdbi jdbi, HandleCallback<R, X> work)
      throws X {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction(work);
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !retryable(e)) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  static boolean retryable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && RETRYABLE.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static void pause(int attempt) {
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(5, 20L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a transaction", e);
    }
  }
}
