package dev.handmade.storage;

/** The bucket holds no object under the key. */
public class ObjectNotFoundException extends ObjectStoreException {

  private static final long serialVersionUID = 1L;

  private final String bucket;
  private final String key;

  public ObjectNotFoundException(String endpoint, String bucket, String key) {
    super("no object '" + key + "' in bucket '" + bucket + "' at " + endpoint);
    this.bucket = bucket;
    this.key = key;
  }

  public String bucket() {
    return bucket;
  }

  public String key() {
    return key;
  }
}
