package dev.handmade.labelling.core;

import java.util.Locale;
import java.util.Optional;

/**
 * How gold tasks measure labellers: which of a labeller's tasks are gold, and when their
 * accuracy on gold is low enough to set their labels aside.
 */
public record GoldPolicy(double rate, int minAnswers, double accuracyThreshold) {

  /**
   * Whether the labeller's next task (after {@code leasesTaken} earlier ones) should be gold.
   * Deterministic rather than random so that every labeller meets gold at the same rate, and
   * early: with rate 0.1 the 1st, 11th, 21st ... task is gold.
   */
  public boolean goldDue(long leasesTaken) {
    if (rate <= 0) {
      return false;
    }
    return slots(leasesTaken) < slots(leasesTaken + 1);
  }

  /** Gold tasks owed after n tasks; the epsilon keeps 30 * 0.1 from counting as more than 3. */
  private long slots(long n) {
    return (long) Math.ceil(n * rate - 1e-9);
  }

  /** The reason to set this labeller's labels aside, if their gold record calls for it. */
  public Optional<String> setAsideReason(long goldAnswers, long goldCorrect) {
    if (goldAnswers < minAnswers) {
      return Optional.empty();
    }
    double accuracy = (double) goldCorrect / goldAnswers;
    if (accuracy >= accuracyThreshold) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "labeller accuracy on gold %.2f (%d of %d) is below the threshold %.2f",
            accuracy,
            goldCorrect,
            goldAnswers,
            accuracyThreshold));
  }
}
