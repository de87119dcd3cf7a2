package dev.handmade.storage;

/**
 * An object-store operation failed. The message names the endpoint, bucket and key involved
 * and what the server or the network said; subclasses mark the cases callers act on.
 */
public class ObjectStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ObjectStoreException(String message) {
    super(message);
  }

  public ObjectStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
