package dev.handmade.storage.registry;

/**
 * A published version's stored objects do not add up: the model file's SHA-256 differs from
 * the one its record holds, the model file is missing, or the record cannot be decoded or
 * names another version. The message names the version, the object key and what did not match.
 */
public class CorruptModelException extends ModelRegistryException {

  private static final long serialVersionUID = 1L;

  private final String version;
  private final String key;

  public CorruptModelException(String version, String key, String problem) {
    this(version, key, problem, null);
  }

  public CorruptModelException(String version, String key, String problem, Throwable cause) {
    super("model version " + version + " is corrupt: " + key + " " + problem, cause);
    this.version = version;
    this.key = key;
  }

  public String version() {
    return version;
  }

  /** The object key of the offending object. */
  public String key() {
    return key;
  }
}
