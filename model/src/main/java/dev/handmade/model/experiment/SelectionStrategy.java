package dev.handmade.model.experiment;

import java.util.SplittableRandom;

/** Chooses which unlabelled frames people label next. */
public interface SelectionStrategy {

  /** What the pool has to be scored with before {@link #select}: each costs more than the one before. */
  enum Scoring {
    /** Nothing: the strategy does not look at the model. */
    NONE,
    /** Calibrated predictions, one forward pass. */
    PREDICTIONS,
    /** Calibrated predictions and the features the softmax reads, one forward pass. */
    FEATURES,
    /** Predictions averaged over MC-dropout passes, with their mutual information. */
    MC_DROPOUT
  }

  /** The name in tables, plots and on the command line. */
  String name();

  Scoring scoring();

  /**
   * Picks {@code count} distinct frames of the scored pool (at most its size), as indices into it.
   *
   * @param random the only source of chance, so that a seed reproduces the choice
   */
  int[] select(ScoredPool pool, int count, SplittableRandom random);
}
