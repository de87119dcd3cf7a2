package dev.handmade.labelling.config;

/** A configuration value that is missing, malformed or out of range; names the key. */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
