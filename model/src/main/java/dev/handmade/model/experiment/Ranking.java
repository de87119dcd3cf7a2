package dev.handmade.model.experiment;

import java.util.Arrays;
import java.util.Comparator;

/** The frames with the highest scores, ties broken by position so that a choice is reproducible. */
final class Ranking {

  private Ranking() {}

  static int[] highest(double[] scores, int count) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
    int n = Math.min(count, scores.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = order[i];
    }
    return out;
  }
}
