package dev.handmade.schema.io;

/** Bytes that do not decode as the Avro record they claim to be. */
public class MalformedRecordException extends RuntimeException {

  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
