package dev.handmade.pipeline.source;

import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Frame;
import java.util.Objects;

/**
 * What a frame source hands the job: a frame it could decode, or a dead letter saying why it
 * could not. Sources cannot side-output, so bad input travels in the main stream this far and is
 * split off by the first operator.
 */
public record IngestedFrame(Frame frame, DeadLetter deadLetter) {

  public IngestedFrame {
    if ((frame == null) == (deadLetter == null)) {
      throw new IllegalArgumentException("exactly one of frame and deadLetter must be set");
    }
  }

  public static IngestedFrame of(Frame frame) {
    return new IngestedFrame(Objects.requireNonNull(frame, "frame"), null);
  }

  public static IngestedFrame dead(DeadLetter deadLetter) {
    return new IngestedFrame(null, Objects.requireNonNull(deadLetter, "deadLetter"));
  }

  public boolean isFrame() {
    return frame != null;
  }
}
