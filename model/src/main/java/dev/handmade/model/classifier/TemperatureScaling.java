package dev.handmade.model.classifier;

/**
 * Fits the softmax temperature that minimises negative log-likelihood on held-out data
 * (Guo et al., "On Calibration of Modern Neural Networks", 2017). One parameter, so it cannot
 * change which class wins, only how sure the model says it is.
 */
public final class TemperatureScaling {

  private static final double MIN = 0.05;
  private static final double MAX = 20;

  private TemperatureScaling() {}

  /** The best temperature for uncalibrated {@code probabilities} of examples with true classes {@code labels}. */
  public static double fit(float[][] probabilities, int[] labels) {
    if (probabilities.length == 0 || probabilities.length != labels.length) {
      throw new IllegalArgumentException(
          "need as many labels as predictions, and at least one: "
              + probabilities.length
              + " predictions, "
              + labels.length
              + " labels");
    }
    // NLL is unimodal in log t: golden-section search over log t
    double lo = Math.log(MIN);
    double hi = Math.log(MAX);
    double g = (Math.sqrt(5) - 1) / 2;
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    double fa = nll(probabilities, labels, Math.exp(a));
    double fb = nll(probabilities, labels, Math.exp(b));
    for (int i = 0; i < 60; i++) {
      if (fa < fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - g * (hi - lo);
        fa = nll(probabilities, labels, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + g * (hi - lo);
        fb = nll(probabilities, labels, Math.exp(b));
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  static double nll(float[][] probabilities, int[] labels, double temperature) {
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      float[] p = Uncertainty.withTemperature(probabilities[i], temperature);
      sum -= Math.log(Math.max(p[labels[i]], 1e-12));
    }
    return sum / labels.length;
  }
}
