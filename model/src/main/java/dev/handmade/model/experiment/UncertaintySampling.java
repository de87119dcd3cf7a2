package dev.handmade.model.experiment;

import dev.handmade.model.classifier.Uncertainty;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** The frames whose predicted distribution scores highest on one uncertainty measure. */
public final class UncertaintySampling implements SelectionStrategy {

  private final String name;
  private final ToDoubleFunction<float[]> uncertainty;

  private UncertaintySampling(String name, ToDoubleFunction<float[]> uncertainty) {
    this.name = name;
    this.uncertainty = uncertainty;
  }

  /** The frames whose most likely class is least likely: what the loop's router sends to people. */
  public static UncertaintySampling leastConfidence() {
    return new UncertaintySampling("least-confidence", p -> 1 - p[Uncertainty.argmax(p)]);
  }

  /** The frames whose two most likely classes are closest. */
  public static UncertaintySampling margin() {
    return new UncertaintySampling("margin", p -> -Uncertainty.margin(p));
  }

  /** The frames whose predicted distribution has the most entropy. */
  public static UncertaintySampling entropy() {
    return new UncertaintySampling("entropy", Uncertainty::entropy);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Scoring scoring() {
    return Scoring.PREDICTIONS;
  }

  @Override
  public int[] select(ScoredPool pool, int count, SplittableRandom random) {
    float[][] p = pool.requireProbabilities(name);
    double[] score = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      score[i] = uncertainty.applyAsDouble(p[i]);
    }
    return Ranking.highest(score, count);
  }
}
