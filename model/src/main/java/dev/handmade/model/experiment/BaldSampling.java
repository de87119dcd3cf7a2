package dev.handmade.model.experiment;

import java.util.SplittableRandom;

/**
 * BALD (Houlsby et al. 2011, with MC dropout as in Gal, Islam and Ghahramani 2017): the frames
 * on which dropout passes disagree most, i.e. the highest mutual information between the label
 * and the weights. It asks about what the model has not learnt, not about frames that are
 * ambiguous in themselves, which more labels would not make clearer.
 */
public final class BaldSampling implements SelectionStrategy {

  @Override
  public String name() {
    return "bald";
  }

  @Override
  public Scoring scoring() {
    return Scoring.MC_DROPOUT;
  }

  @Override
  public int[] select(ScoredPool pool, int count, SplittableRandom random) {
    float[] mi = pool.mutualInformation();
    if (mi == null) {
      throw new IllegalStateException(
          name() + " needs the pool's MC-dropout mutual information, which was not computed");
    }
    double[] score = new double[mi.length];
    for (int i = 0; i < mi.length; i++) {
      score[i] = mi[i];
    }
    return Ranking.highest(score, count);
  }
}
