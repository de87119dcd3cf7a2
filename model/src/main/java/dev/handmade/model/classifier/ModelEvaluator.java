package dev.handmade.model.classifier;

import dev.handmade.schema.ClassMetrics;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Accuracy, per-class precision and recall, confusion, calibration error, and how uncertainty ranks errors. */
public final class ModelEvaluator {

  /** Bins of the expected calibration error, the usual choice in the calibration literature. */
  public static final int ECE_BINS = 15;

  private ModelEvaluator() {}

  /** Scores predictions against the true classes, in the same order. */
  public static Evaluation evaluate(
      List<Prediction> predictions, List<ObjectClass> truth, String evaluatedOn) {
    if (predictions.size() != truth.size() || predictions.isEmpty()) {
      throw new IllegalArgumentException(
          "need one true class per prediction, and at least one: "
              + predictions.size()
              + " predictions, "
              + truth.size()
              + " labels");
    }
    int k = ObjectClass.values().length;
    long[][] confusion = new long[k][k];
    long correct = 0;
    for (int i = 0; i < predictions.size(); i++) {
      int actual = truth.get(i).ordinal();
      int predicted = predictions.get(i).getPredicted().ordinal();
      confusion[actual][predicted]++;
      if (actual == predicted) {
        correct++;
      }
    }
    List<ClassMetrics> perClass = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      long tp = confusion[c][c];
      long predictedC = 0;
      long actualC = 0;
      for (int j = 0; j < k; j++) {
        predictedC += confusion[j][c];
        actualC += confusion[c][j];
      }
      perClass.add(
          new ClassMetrics(
              ObjectClass.values()[c],
              predictedC == 0 ? 0 : (double) tp / predictedC,
              actualC == 0 ? 0 : (double) tp / actualC,
              actualC));
    }
    List<List<Long>> rows = new ArrayList<>(k);
    for (long[] row : confusion) {
      rows.add(Arrays.stream(row).boxed().toList());
    }
    return Evaluation.newBuilder()
        .setExamples(predictions.size())
        .setAccuracy((double) correct / predictions.size())
        .setExpectedCalibrationError(expectedCalibrationError(predictions, truth))
        .setPerClass(perClass)
        .setConfusion(rows)
        .setEvaluatedOn(evaluatedOn)
        .build();
  }

  /**
   * ECE: the gap between confidence and accuracy, averaged over equal-width confidence bins
   * weighted by how many predictions fall in each.
   */
  public static double expectedCalibrationError(
      List<Prediction> predictions, List<ObjectClass> truth) {
    double[] confidenceSum = new double[ECE_BINS];
    double[] correctSum = new double[ECE_BINS];
    int[] count = new int[ECE_BINS];
    for (int i = 0; i < predictions.size(); i++) {
      Prediction p = predictions.get(i);
      int bin = Math.min(ECE_BINS - 1, (int) (p.getConfidence() * ECE_BINS));
      confidenceSum[bin] += p.getConfidence();
      correctSum[bin] += p.getPredicted() == truth.get(i) ? 1 : 0;
      count[bin]++;
    }
    double ece = 0;
    for (int b = 0; b < ECE_BINS; b++) {
      if (count[b] > 0) {
        ece += Math.abs(confidenceSum[b] - correctSum[b]) / predictions.size();
      }
    }
    return ece;
  }

  /**
   * Accuracy in each tenth of the predictions ordered from most to least uncertain by
   * {@code uncertainty} (larger is more uncertain): index 0 is the most uncertain decile.
   * If uncertainty means anything, accuracy rises along the array.
   */
  public static double[] accuracyByUncertaintyDecile(
      List<Prediction> predictions,
      List<ObjectClass> truth,
      java.util.function.ToDoubleFunction<Prediction> uncertainty) {
    Integer[] order = new Integer[predictions.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        Comparator.comparingDouble((Integer i) -> uncertainty.applyAsDouble(predictions.get(i)))
            .reversed());
    double[] accuracy = new double[10];
    for (int d = 0; d < 10; d++) {
      int from = d * order.length / 10;
      int to = (d + 1) * order.length / 10;
      int correct = 0;
      for (int j = from; j < to; j++) {
        int i = order[j];
        correct += predictions.get(i).getPredicted() == truth.get(i) ? 1 : 0;
      }
      accuracy[d] = to > from ? (double) correct / (to - from) : Double.NaN;
    }
    return accuracy;
  }
}
