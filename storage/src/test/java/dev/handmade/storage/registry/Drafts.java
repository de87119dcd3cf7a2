package dev.handmade.storage.registry;

import dev.handmade.schema.ClassMetrics;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** What a trainer hands the registry: complete but for the fields the registry assigns. */
public final class Drafts {

  private Drafts() {}

  public static ModelVersion.Builder draft(String parent, String description) {
    int classes = ObjectClass.values().length;
    List<ClassMetrics> perClass = new ArrayList<>();
    List<List<Long>> confusion = new ArrayList<>();
    for (ObjectClass objectClass : ObjectClass.values()) {
      perClass.add(new ClassMetrics(objectClass, 0.9, 0.85, 120L));
      List<Long> row = new ArrayList<>();
      for (int predicted = 0; predicted < classes; predicted++) {
        row.add(predicted == objectClass.ordinal() ? 100L : 3L);
      }
      confusion.add(row);
    }
    return ModelVersion.newBuilder()
        .setParent(parent)
        .setTrainingExamples(12_000L)
        .setTrainingDescription(description)
        .setEvaluation(
            Evaluation.newBuilder()
                .setExamples(960L)
                .setAccuracy(0.91)
                .setExpectedCalibrationError(0.031)
                .setPerClass(perClass)
                .setConfusion(confusion)
                .setEvaluatedOn("human-verified hold-out, 960 frames")
                .build())
        .setTemperature(1.37)
        .setConfidenceThreshold(0.82)
        .setTargetAccuracy(0.98)
        .setLabour(
            LabourSummary.newBuilder()
                .setHumanLabels(1_500L)
                .setLabellerIds(List.of("labeller-1", "labeller-2"))
                .setActiveHours(11.5)
                .setCostCents(42_000L)
                .build());
  }

  /** Stand-in for a DL4J model file: the registry treats it as opaque bytes. */
  static byte[] modelBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
