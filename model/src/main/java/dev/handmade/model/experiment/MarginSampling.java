package dev.handmade.model.experiment;

import dev.handmade.model.classifier.Uncertainty;
import java.util.SplittableRandom;

/** The frames whose two most likely classes are closest. */
public final class MarginSampling implements SelectionStrategy {

  @Override
  public String name() {
    return "margin";
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
      score[i] = -Uncertainty.margin(p[i]);
    }
    return Ranking.highest(score, count);
  }
}
