package dev.handmade.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PseudonymsTest {

  private static final Pseudonyms PSEUDONYMS = Pseudonyms.withKey("test-key-0123456789");

  @Test
  void aLabellerIdBecomesAStablePseudonym() {
    String pseudonym = PSEUDONYMS.of("l-0123456789");
    assertThat(pseudonym).matches("L-[0-9a-f]{10}").isEqualTo(PSEUDONYMS.of("l-0123456789"));
    assertThat(Pseudonyms.withKey("another-key-0123456789").of("l-0123456789"))
        .isNotEqualTo(pseudonym);
  }

  /** The labelling service serves auditors pseudonyms; a report made from them names labellers the same. */
  @Test
  void aPseudonymStaysAsItIs() {
    String pseudonym = PSEUDONYMS.of("l-0123456789");
    assertThat(PSEUDONYMS.of(pseudonym)).isEqualTo(pseudonym);
    assertThat(PSEUDONYMS.of("L-0123456789abc"))
        .as("not a pseudonym's form")
        .isNotEqualTo("L-0123456789abc");
  }
}
