package dev.handmade.model.classifier;

/** A frame the model cannot read: the message says which frame and what is wrong with it. */
public class MalformedFrameException extends RuntimeException {

  private final String frameId;

  public MalformedFrameException(String frameId, String reason) {
    super("frame " + frameId + ": " + reason);
    this.frameId = frameId;
  }

  public String frameId() {
    return frameId;
  }
}
