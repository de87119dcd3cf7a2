package dev.handmade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

  @Test
  void normalizesPrefixes() {
    assertThat(ObjectKeys.normalizePrefix("/audit/")).isEqualTo("audit");
    assertThat(ObjectKeys.normalizePrefix("a/b")).isEqualTo("a/b");
  }

  @Test
  void hidesPendingAndDotFilesOnly() {
    assertThat(ObjectKeys.isHidden("audit", "audit/_pending/j/0-1-0.avro")).isTrue();
    assertThat(ObjectKeys.isHidden("audit", "audit/dt=1/.part.crc")).isTrue();
    assertThat(ObjectKeys.isHidden("audit", "audit/dt=1/part-0.avro")).isFalse();
  }
}
