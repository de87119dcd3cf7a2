package dev.handmade.model.classifier;

/** A model file that cannot be read as a Handmade classifier; the message says why. */
public class ModelFileException extends RuntimeException {

  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
