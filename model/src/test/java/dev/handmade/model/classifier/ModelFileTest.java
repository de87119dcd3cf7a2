package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.schema.Frame;
import dev.handmade.schema.Prediction;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Saving and loading a classifier, and what a damaged model file does. */
class ModelFileTest {

  private static FrameClassifier classifier;
  private static List<Frame> frames;

  @BeforeAll
  static void trainSmall() {
    Trainer trainer = new Trainer(Trainer.Config.defaults().withEpochs(1));
    classifier = trainer.trainFromScratch(Examples.labelled(201, 200), "v7").withTemperature(1.37);
    frames = Examples.frames(202, 64);
  }

  @Test
  void saveAndLoadGiveBitIdenticalOutputs() {
    byte[] bytes = classifier.toBytes();
    FrameClassifier loaded = FrameClassifier.fromBytes(bytes, "v7");

    assertThat(loaded.temperature()).isEqualTo(1.37);
    assertThat(loaded.tensors().cropSize()).isEqualTo(32);
    float[][] expected = classifier.uncalibratedProbabilities(frames);
    float[][] actual = loaded.uncalibratedProbabilities(frames);
    for (int i = 0; i < expected.length; i++) {
      for (int c = 0; c < expected[i].length; c++) {
        assertThat(Float.floatToRawIntBits(actual[i][c]))
            .isEqualTo(Float.floatToRawIntBits(expected[i][c]));
      }
    }
    List<Prediction> a = classifier.predict(frames);
    List<Prediction> b = loaded.predict(frames);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).getProbabilities()).isEqualTo(a.get(i).getProbabilities());
    }
  }

  @Test
  void theSameWeightsGiveTheSameBytes() {
    assertThat(classifier.toBytes()).isEqualTo(classifier.toBytes());
  }

  @Test
  void randomBytesAreNotAModel() {
    byte[] junk = new byte[1000];
    new java.util.Random(3).nextBytes(junk);
    assertThatThrownBy(() -> FrameClassifier.fromBytes(junk, "v9"))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("v9");
  }

  @Test
  void aTruncatedFileIsReportedNotHalfLoaded() {
    byte[] bytes = classifier.toBytes();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> FrameClassifier.fromBytes(truncated, "v7"))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("v7");
  }

  @Test
  void aZipThatIsNotOursSaysWhatIsMissing() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("readme.txt"));
      zip.write("hello".getBytes());
      zip.closeEntry();
    }
    assertThatThrownBy(() -> FrameClassifier.fromBytes(out.toByteArray(), "v3"))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("not a Handmade classifier");
  }

  @Test
  void flippedBytesInTheWeightsAreCaughtByDl4jOrTheZipCrc() {
    byte[] bytes = classifier.toBytes();
    byte[] damaged = bytes.clone();
    for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
      damaged[i] ^= (byte) 0x5a;
    }
    assertThatThrownBy(() -> FrameClassifier.fromBytes(damaged, "v7"))
        .isInstanceOf(ModelFileException.class);
  }
}
