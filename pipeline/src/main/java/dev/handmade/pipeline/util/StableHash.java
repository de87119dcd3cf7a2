package dev.handmade.pipeline.util;

import java.nio.charset.StandardCharsets;

/**
 * A hash of a string that is the same in every JVM and every run (unlike String.hashCode's
 * distribution, and unlike a Random): sampling decisions made on it are the same when Flink
 * replays a frame after a failure, so a replay cannot change where a frame went.
 */
public final class StableHash {

  private StableHash() {}

  /** FNV-1a over the UTF-8 bytes, then a 64-bit finaliser for an even spread. */
  public static long of(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Uniform in [0, 1). */
  public static double unit(String s, String salt) {
    return (of(salt + ":" + s) >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, buckets). */
  public static int bucket(String s, int buckets) {
    return (int) Long.remainderUnsigned(of(s), buckets);
  }
}
