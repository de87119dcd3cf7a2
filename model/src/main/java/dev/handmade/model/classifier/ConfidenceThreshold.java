package dev.handmade.model.classifier;

import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the confidence above which the machine decides alone, so that its decisions reach a
 * target accuracy on human-verified data: the lowest threshold at which the accuracy of the
 * predictions at or above it is at least {@code target}, judged by the lower end of a one-sided
 * 90% Wilson interval, and counting only thresholds that keep at least {@code minSupport}
 * predictions. The interval matters: the plain observed accuracy is as likely to be above the
 * truth as below it, and choosing the lowest threshold that just reaches the target picks the
 * luckiest cut, so new frames then fall short of it.
 */
public final class ConfidenceThreshold {

  /** A threshold that no calibrated probability reaches: everything goes to people. */
  public static final double EVERYTHING_TO_PEOPLE = 1.0 + 1e-9;

  /** z of a one-sided 90% interval. */
  private static final double Z = 1.2816;

  private ConfidenceThreshold() {}

  /** Lower end of the Wilson score interval for {@code successes} out of {@code n}. */
  static double wilsonLowerBound(long successes, long n) {
    double p = (double) successes / n;
    double z2 = Z * Z;
    double centre = p + z2 / (2 * n);
    double spread = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return (centre - spread) / (1 + z2 / n);
  }

  public static double choose(List<Prediction> predictions, List<ObjectClass> truth, double target, int minSupport) {
    if (predictions.size() != truth.size()) {
      throw new IllegalArgumentException(predictions.size() + " predictions but " + truth.size() + " labels");
    }
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target accuracy must be in (0, 1], got " + target);
    }
    Integer[] order = new Integer[predictions.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // most confident first: walking down, each prefix is "everything at or above this confidence"
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> predictions.get(i).getConfidence()).reversed());
    double best = EVERYTHING_TO_PEOPLE;
    int correct = 0;
    for (int n = 1; n <= order.length; n++) {
      int i = order[n - 1];
      correct += predictions.get(i).getPredicted() == truth.get(i) ? 1 : 0;
      boolean lastOfTies = n == order.length
          || predictions.get(order[n]).getConfidence() < predictions.get(i).getConfidence();
      if (lastOfTies && n >= minSupport && wilsonLowerBound(correct, n) >= target) {
        best = predictions.get(i).getConfidence();
      }
    }
    return best;
  }
}
