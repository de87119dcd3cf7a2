package dev.handmade.model.experiment;

import dev.handmade.model.classifier.Uncertainty;
import java.util.SplittableRandom;

/** The frames whose predicted distribution has the most entropy. */
public final class EntropySampling implements SelectionStrategy {

  @Override
  public String name() {
    return "entropy";
  }

  @Override
  public Scoring scoring() {
    return Scoring.PREDICTIONS;
  }

  @Override
  public int[] select(ScoredPool pool, int count, SplittableRandom random) {
    float[][] p = pool.requireProbabilities(name());
    double[] score = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      score[i] = Uncertainty.entropy(p[i]);
    }
    return Ranking.highest(score, count);
  }
}
