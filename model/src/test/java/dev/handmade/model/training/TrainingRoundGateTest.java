package dev.handmade.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's comparisons of a candidate with the deployed version, on the same weighted evidence. */
class TrainingRoundGateTest {

  private static final Frame FRAME = SensorSimulator.builder().seed(5).build().frames(0, 1).get(0);

  @Test
  void aCandidateThatMerelyTiesOrIsBetterIsNotWorse() {
    // 300 frames: both right on 280; each right alone on 10 of the rest
    List<TrainingExample> evidence = new ArrayList<>();
    List<Prediction> candidate = new ArrayList<>();
    List<Prediction> deployed = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      evidence.add(example(1.0));
      candidate.add(prediction(i < 280 || i % 2 == 0, 0.9f));
      deployed.add(prediction(i < 280 || i % 2 == 1, 0.9f));
    }
    assertThat(TrainingRound.significantlyWorse(candidate, deployed, evidence)).isFalse();
    // one frame fewer right is chance, not a worse model
    candidate.set(0, prediction(false, 0.9f));
    assertThat(TrainingRound.significantlyWorse(candidate, deployed, evidence)).isFalse();
  }

  @Test
  void aCandidateWrongWhereTheDeployedWasRightOnManyFramesIsWorse() {
    List<TrainingExample> evidence = new ArrayList<>();
    List<Prediction> candidate = new ArrayList<>();
    List<Prediction> deployed = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      evidence.add(example(1.0));
      candidate.add(prediction(i >= 30, 0.9f));
      deployed.add(prediction(true, 0.9f));
    }
    assertThat(TrainingRound.significantlyWorse(candidate, deployed, evidence)).isTrue();
  }

  @Test
  void theDeployedShareCountsEachFrameByItsWeight() {
    // 90 uncertain frames below the threshold, 10 audit samples (rate 0.1, weight 10) above it
    List<TrainingExample> evidence = new ArrayList<>();
    List<Prediction> deployed = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      evidence.add(example(1.0));
      deployed.add(prediction(true, 0.5f));
    }
    for (int i = 0; i < 10; i++) {
      evidence.add(example(0.1));
      deployed.add(prediction(true, 0.95f));
    }
    assertThat(TrainingRound.parentShare(deployed, evidence, 0.9))
        .isCloseTo(100.0 / 190, within(1e-9));
  }

  private static Prediction prediction(boolean right, float confidence) {
    return Prediction.newBuilder()
        .setFrameId("f")
        .setModelVersion("v1")
        .setProbabilities(List.of(confidence))
        .setPredicted(right ? ObjectClass.CAR : ObjectClass.TRUCK)
        .setConfidence(confidence)
        .setMargin(0)
        .setEntropy(0)
        .setPredictedAt(Instant.EPOCH)
        .build();
  }

  private static TrainingExample example(double inclusionProbability) {
    return TrainingExample.newBuilder()
        .setFrame(FRAME)
        .setLabel(ObjectClass.CAR)
        .setOrigin(LabelOrigin.HUMAN)
        .setRoute(inclusionProbability < 1 ? Route.AUDIT_SAMPLE : Route.UNCERTAIN)
        .setInclusionProbability(inclusionProbability)
        .setLabellerIds(List.of("l-0", "l-1"))
        .setAgreeingAnswers(2)
        .build();
  }
}
