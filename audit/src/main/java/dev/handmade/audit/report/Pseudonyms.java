package dev.handmade.audit.report;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces labeller ids in reports and exports: {@code L-} and the first 10 hex digits of an
 * HMAC-SHA256 of the id under a key. The same key gives the same pseudonym in every report, so
 * reports can be compared; without the key a pseudonym cannot be traced back to an account.
 *
 * <p>A pseudonym is left as it is: the labelling service already serves auditors pseudonyms made
 * with its key (the same key a report should use), and hashing them again would name the same
 * labeller differently in a report's labour section and in its frames' provenance. Labeller ids
 * ({@code l-} and hex) never take this form.
 */
public final class Pseudonyms {

  private static final Pattern PSEUDONYM = Pattern.compile("L-[0-9a-f]{10}");

  private final byte[] key;

  private Pseudonyms(byte[] key) {
    this.key = key.clone();
  }

  /** Pseudonyms stable across reports made with the same key. */
  public static Pseudonyms withKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("the pseudonym key must not be blank");
    }
    return new Pseudonyms(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Pseudonyms that only this report uses. */
  public static Pseudonyms random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new Pseudonyms(key);
  }

  public String of(String labellerId) {
    if (PSEUDONYM.matcher(labellerId).matches()) {
      return labellerId;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal(labellerId.getBytes(StandardCharsets.UTF_8));
      return "L-" + HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
