package dev.handmade.model.experiment;

import java.util.SplittableRandom;

/** The baseline: people label frames drawn uniformly at random, as without any routing. */
public final class RandomSampling implements SelectionStrategy {

  public static final String NAME = "random";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Scoring scoring() {
    return Scoring.NONE;
  }

  @Override
  public int[] select(ScoredPool pool, int count, SplittableRandom random) {
    int n = pool.size();
    int k = Math.min(count, n);
    // partial Fisher-Yates: the first k of a uniformly shuffled order
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] out = new int[k];
    System.arraycopy(order, 0, out, 0, k);
    return out;
  }
}
