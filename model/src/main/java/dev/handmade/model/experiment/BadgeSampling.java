package dev.handmade.model.experiment;

import dev.handmade.model.classifier.Uncertainty;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * BADGE (Ash et al., "Deep Batch Active Learning by Diverse, Uncertain Gradient Lower Bounds",
 * ICLR 2020), the diversity-aware batch strategy. Each frame becomes the gradient the loss would
 * have on the softmax layer's weights if its predicted class were its label, {@code (p - onehot)
 * ⊗ features}: long for uncertain frames, pointing where the frame would move the model. The batch
 * is drawn by k-means++ seeding in that space, so it holds uncertain frames that are unlike each
 * other instead of fifty near-copies of the same dark, distant pole.
 *
 * <p>The gradients are never built: with {@code a = p - onehot} and {@code h} the features,
 * {@code <g_i, g_j> = <a_i, a_j> <h_i, h_j>}, so distances cost classes + features per pair.
 */
public final class BadgeSampling implements SelectionStrategy {

  @Override
  public String name() {
    return "badge";
  }

  @Override
  public Scoring scoring() {
    return Scoring.FEATURES;
  }

  @Override
  public int[] select(ScoredPool pool, int count, SplittableRandom random) {
    float[][] p = pool.requireProbabilities(name());
    float[][] h = pool.features();
    if (h == null) {
      throw new IllegalStateException(
          name() + " needs the pool's features, which were not computed");
    }
    int n = p.length;
    int k = Math.min(count, n);
    float[][] a = new float[n][];
    double[] squaredNorm = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = p[i].clone();
      a[i][Uncertainty.argmax(p[i])] -= 1;
      squaredNorm[i] = dot(a[i], a[i]) * dot(h[i], h[i]);
    }
    double[] nearest = new double[n];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    boolean[] taken = new boolean[n];
    int[] out = new int[k];
    for (int c = 0; c < k; c++) {
      // the first centre is the longest gradient (the most uncertain frame, weighted by its
      // features), as in the paper; the rest are drawn in proportion to squared distance
      int pick =
          c == 0
              ? Ranking.highest(squaredNorm, 1)[0]
              : drawBySquaredDistance(nearest, taken, random);
      out[c] = pick;
      taken[pick] = true;
      for (int i = 0; i < n; i++) {
        if (!taken[i]) {
          double d =
              squaredNorm[i] + squaredNorm[pick] - 2 * dot(a[i], a[pick]) * dot(h[i], h[pick]);
          nearest[i] = Math.min(nearest[i], Math.max(0, d));
        }
      }
    }
    return out;
  }

  private static int drawBySquaredDistance(
      double[] nearest, boolean[] taken, SplittableRandom random) {
    double total = 0;
    int untaken = 0;
    for (int i = 0; i < nearest.length; i++) {
      if (!taken[i]) {
        total += nearest[i];
        untaken++;
      }
    }
    if (total > 0) {
      double u = random.nextDouble() * total;
      int last = -1;
      for (int i = 0; i < nearest.length; i++) {
        if (!taken[i]) {
          last = i;
          u -= nearest[i];
          if (u < 0 && nearest[i] > 0) {
            return i;
          }
        }
      }
      if (last >= 0 && nearest[last] > 0) {
        return last;
      }
    }
    // every frame left coincides with a centre: any of them adds as little as another
    int skip = random.nextInt(untaken);
    for (int i = 0; i < taken.length; i++) {
      if (!taken[i] && skip-- == 0) {
        return i;
      }
    }
    throw new IllegalStateException("no frame left to draw");
  }

  private static double dot(float[] x, float[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (double) x[i] * y[i];
    }
    return s;
  }
}
