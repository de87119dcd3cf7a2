package dev.handmade.storage.registry;

import java.util.List;

/** No published version has this name. The message lists the versions there are. */
public class UnknownModelVersionException extends ModelRegistryException {

  private static final long serialVersionUID = 1L;

  private final String version;
  private final List<String> knownVersions;

  public UnknownModelVersionException(String version, List<String> knownVersions) {
    super(
        "no model version '"
            + version
            + "' in the registry; "
            + (knownVersions.isEmpty()
                ? "no version has been published yet"
                : "published versions: " + String.join(", ", knownVersions)));
    this.version = version;
    this.knownVersions = List.copyOf(knownVersions);
  }

  public String version() {
    return version;
  }

  /** Published versions when the lookup failed, oldest first. */
  public List<String> knownVersions() {
    return knownVersions;
  }
}
