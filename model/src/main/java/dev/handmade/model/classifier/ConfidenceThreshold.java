package dev.handmade.model.classifier;

import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the confidence above which the machine decides alone, so that its decisions reach a
 * target accuracy on human-verified data: the lowest threshold at which the predictions at or
 * above it are at least {@code target} accurate, counting only thresholds that keep at least
 * {@code minSupport} predictions (a handful of lucky frames is no evidence).
 */
public final class ConfidenceThreshold {

  /** A threshold that no calibrated probability reaches: everything goes to people. */
  public static final double EVERYTHING_TO_PEOPLE = 1.0 + 1e-9;

  private ConfidenceThreshold() {}

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
      if (lastOfTies && n >= minSupport && (double) correct / n >= target) {
        best = predictions.get(i).getConfidence();
      }
    }
    return best;
  }
}
