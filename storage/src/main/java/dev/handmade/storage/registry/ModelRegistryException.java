package dev.handmade.storage.registry;

/**
 * The registry refused an operation or found its stored data inconsistent. Store failures are
 * not wrapped: they come out as the storage package's exceptions.
 */
public class ModelRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ModelRegistryException(String message) {
    super(message);
  }

  public ModelRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
