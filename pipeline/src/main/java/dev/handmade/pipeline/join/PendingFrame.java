package dev.handmade.pipeline.join;

import dev.handmade.schema.Frame;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;

/**
 * A frame handed to people, waiting for their label: kept by the label join until the label
 * comes or the wait expires. {@code prediction} is null when no model was deployed.
 * {@code inclusionProbability} is the chance the frame had of being sent to people (1, or the
 * audit rate for an audit sample): its inverse weights the frame as evidence.
 */
public record PendingFrame(
    Frame frame,
    Prediction prediction,
    Route route,
    double threshold,
    long routedAtMillis,
    double inclusionProbability) {

  public String frameId() {
    return frame.getFrameId();
  }
}
