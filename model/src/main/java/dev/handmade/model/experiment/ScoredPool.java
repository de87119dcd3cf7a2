package dev.handmade.model.experiment;

/**
 * The unlabelled frames a strategy chooses from, as the current model sees them; row {@code i}
 * of each array is frame {@code i}. What is filled depends on the strategy's {@link
 * SelectionStrategy.Scoring}: the rest is null.
 *
 * @param size the number of frames
 * @param probabilities calibrated class probabilities (MC-dropout means under {@code MC_DROPOUT})
 * @param mutualInformation the MC-dropout passes' mutual information (BALD), nats
 * @param features the activations of the layer the softmax reads
 */
public record ScoredPool(
    int size, float[][] probabilities, float[] mutualInformation, float[][] features) {

  public ScoredPool {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    requireRows("probabilities", probabilities == null ? -1 : probabilities.length, size);
    requireRows(
        "mutualInformation", mutualInformation == null ? -1 : mutualInformation.length, size);
    requireRows("features", features == null ? -1 : features.length, size);
  }

  public static ScoredPool unscored(int size) {
    return new ScoredPool(size, null, null, null);
  }

  float[][] requireProbabilities(String strategy) {
    if (probabilities == null) {
      throw new IllegalStateException(
          strategy + " needs the pool's probabilities, which were not computed");
    }
    return probabilities;
  }

  private static void requireRows(String what, int rows, int size) {
    if (rows >= 0 && rows != size) {
      throw new IllegalArgumentException(what + " has " + rows + " rows for " + size + " frames");
    }
  }
}
