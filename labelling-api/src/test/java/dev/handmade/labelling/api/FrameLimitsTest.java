package dev.handmade.labelling.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameLimitsTest {

  @Test
  void aJpegIsRecognisedByItsFirstBytesAndItsSize() {
    byte ff = (byte) 0xff;
    byte d8 = (byte) 0xd8;
    assertThat(FrameLimits.jpegAllowed(ff, d8, ff, 3)).isTrue();
    assertThat(FrameLimits.jpegAllowed(ff, d8, ff, FrameLimits.MAX_JPEG_BYTES + 1)).isFalse();
    assertThat(FrameLimits.jpegAllowed((byte) 0x89, (byte) 'P', (byte) 'N', 100))
        .as("a PNG")
        .isFalse();
    assertThat(FrameLimits.jpegAllowed(ff, d8, ff, 2)).isFalse();
  }

  @Test
  void aCropMustBeANonEmptyRegionInsideTheImage() {
    assertThat(FrameLimits.cropInside(0, 0, 640, 194, 640, 194)).isTrue();
    assertThat(FrameLimits.cropInside(10, 10, 10, 20, 640, 194)).as("empty").isFalse();
    assertThat(FrameLimits.cropInside(-1, 0, 10, 10, 640, 194)).isFalse();
    assertThat(FrameLimits.cropInside(0, 0, 641, 10, 640, 194)).isFalse();
    assertThat(FrameLimits.cropInside(Double.NaN, 0, 10, 10, 640, 194)).isFalse();
    assertThat(FrameLimits.cropInside(0, 0, Double.POSITIVE_INFINITY, 10, 640, 194)).isFalse();
  }

  @Test
  void sidesRunFromOneToTheLimit() {
    assertThat(FrameLimits.sideAllowed(1)).isTrue();
    assertThat(FrameLimits.sideAllowed(FrameLimits.MAX_IMAGE_SIDE)).isTrue();
    assertThat(FrameLimits.sideAllowed(0)).isFalse();
    assertThat(FrameLimits.sideAllowed(FrameLimits.MAX_IMAGE_SIDE + 1)).isFalse();
  }
}
