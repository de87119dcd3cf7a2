package dev.handmade.labelling.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TransactionsTest {

  @Test
  void deadlocksAndSerializationFailuresAreWorthRunningAgain() {
    assertThat(Transactions.retryable(wrapped("40P01"))).isTrue();
    assertThat(Transactions.retryable(wrapped("40001"))).isTrue();
  }

  @Test
  void otherFailuresGoUpAsTheyCame() {
    assertThat(Transactions.retryable(wrapped("23505"))).as("unique violation").isFalse();
    assertThat(Transactions.retryable(wrapped("22008"))).as("date out of range").isFalse();
    assertThat(Transactions.retryable(wrapped(null))).isFalse();
    assertThat(Transactions.retryable(new IllegalStateException("no SQL at all"))).isFalse();
  }

  private static RuntimeException wrapped(String state) {
    return new RuntimeException("statement failed", new SQLException("from the server", state));
  }
}
