package dev.handmade.storage.registry;

/** A rollback found no earlier deployment to go back to. */
public class NoEarlierDeploymentException extends ModelRegistryException {

  private static final long serialVersionUID = 1L;

  public NoEarlierDeploymentException(String message) {
    super(message);
  }
}
