package dev.handmade.pipeline.inference;

import dev.handmade.schema.Frame;
import dev.handmade.schema.Prediction;

/**
 * A frame with what the deployed model made of it. {@code prediction} is null when no model was
 * deployed; {@code threshold} is the confidence the model's version was calibrated to trust.
 */
public record ScoredFrame(Frame frame, Prediction prediction, double threshold) {

  public boolean hasPrediction() {
    return prediction != null;
  }
}
