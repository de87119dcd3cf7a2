package dev.handmade.storage.registry;

/**
 * A publish found its version number taken when it came to write the version's record: another
 * publisher got there first. The registry expects a single publisher (the trainer); this is how
 * a second one is caught rather than allowed to overwrite a published version.
 */
public class VersionConflictException extends ModelRegistryException {

  private static final long serialVersionUID = 1L;

  private final String version;

  public VersionConflictException(String version, String message) {
    super(message);
    this.version = version;
  }

  public String version() {
    return version;
  }
}
