package dev.handmade.labelling.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Bearer tokens: 256 random bits, shown once, stored only as their SHA-256. */
public final class Tokens {

  private final SecureRandom random = new SecureRandom();

  public String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return "hm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public String newLabellerId() {
    byte[] bytes = new byte[5];
    random.nextBytes(bytes);
    return "l-" + HexFormat.of().formatHex(bytes);
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Constant-time, so that the time taken says nothing about how much of a hash matched. */
  public static boolean matches(String token, byte[] storedHash) {
    return MessageDigest.isEqual(hash(token), storedHash);
  }
}
