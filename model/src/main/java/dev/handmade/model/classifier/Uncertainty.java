package dev.handmade.model.classifier;

/** Uncertainty measures over a probability vector. */
public final class Uncertainty {

  private Uncertainty() {}

  public static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Largest probability minus the second largest; small means two classes compete. */
  public static float margin(float[] p) {
    float first = Float.NEGATIVE_INFINITY;
    float second = Float.NEGATIVE_INFINITY;
    for (float v : p) {
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) {
        second = v;
      }
    }
    return first - second;
  }

  /** Shannon entropy in nats. */
  public static float entropy(float[] p) {
    double h = 0;
    for (float v : p) {
      if (v > 0) {
        h -= v * Math.log(v);
      }
    }
    return (float) h;
  }

  /**
   * Mutual information between the prediction and the model's weights, estimated from
   * stochastic forward passes: the entropy of the mean minus the mean entropy (BALD). High when
   * the passes disagree with each other, i.e. when the model has not seen enough of this kind
   * of frame, as opposed to a frame that is ambiguous in itself.
   */
  public static float mutualInformation(float[][] passes) {
    int classes = passes[0].length;
    float[] mean = new float[classes];
    double meanEntropy = 0;
    for (float[] p : passes) {
      for (int c = 0; c < classes; c++) {
        mean[c] += p[c] / passes.length;
      }
      meanEntropy += entropy(p) / passes.length;
    }
    return (float) Math.max(0, entropy(mean) - meanEntropy);
  }

  /** softmax(log p / t): temperature scaling applied to probabilities (the log recovers the logits up to a constant). */
  public static float[] withTemperature(float[] p, double temperature) {
    double[] z = new double[p.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i++) {
      z[i] = Math.log(Math.max(p[i], 1e-12)) / temperature;
      max = Math.max(max, z[i]);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      z[i] = Math.exp(z[i] - max);
      sum += z[i];
    }
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (float) (z[i] / sum);
    }
    return out;
  }
}
