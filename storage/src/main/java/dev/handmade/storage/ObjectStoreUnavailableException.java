package dev.handmade.storage;

/**
 * The store could not be reached or gave no usable answer in time: connection refused, unknown
 * host, a timeout, a server error. Usually worth retrying later; the data is not at fault.
 */
public class ObjectStoreUnavailableException extends ObjectStoreException {

  private static final long serialVersionUID = 1L;

  private final String endpoint;

  public ObjectStoreUnavailableException(String endpoint, String message, Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint;
  }

  public String endpoint() {
    return endpoint;
  }
}
