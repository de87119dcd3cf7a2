package dev.handmade.storage;

/**
 * Rules for object keys that every reader and writer of the bucket shares: a prefix is written
 * without surrounding '/', and a key with a segment starting with '_' or '.' below it (pending
 * files, checksums) is hidden from readers.
 */
public final class ObjectKeys {

  private ObjectKeys() {}

  /** Strips surrounding '/' so that "audit/" and "audit" name the same place. */
  public static String normalizePrefix(String prefix) {
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** Whether a key below the prefix lies in a hidden folder or is a hidden file. */
  public static boolean isHidden(String prefix, String key) {
    String rest = prefix.isEmpty() ? key : key.substring(prefix.length());
    for (String segment : rest.split("/")) {
      if (segment.startsWith("_") || segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
