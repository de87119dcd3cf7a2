package dev.handmade.model.experiment;

import java.util.SplittableRandom;

/** The frames whose most likely class is least likely: what the loop's router sends to people. */
public final class LeastConfidenceSampling implements SelectionStrategy {

  @Override
  public String name() {
    return "least-confidence";
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
      float max = 0;
      for (float v : p[i]) {
        max = Math.max(max, v);
      }
      score[i] = 1 - max;
    }
    return Ranking.highest(score, count);
  }
}
