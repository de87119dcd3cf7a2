package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Temperature scaling, ECE, threshold choice and the uncertainty measures on known numbers. */
class CalibrationMathTest {

  @Test
  void uncertaintyMeasuresOnKnownVectors() {
    float[] sure = {1f, 0, 0, 0};
    float[] split = {0.5f, 0.5f, 0, 0};
    float[] uniform = {0.25f, 0.25f, 0.25f, 0.25f};
    assertThat(Uncertainty.entropy(sure)).isEqualTo(0f);
    assertThat((double) Uncertainty.entropy(uniform)).isCloseTo(Math.log(4), within(1e-6));
    assertThat(Uncertainty.margin(split)).isEqualTo(0f);
    assertThat(Uncertainty.margin(sure)).isEqualTo(1f);
    // passes that agree carry no epistemic uncertainty; passes that disagree do
    assertThat(Uncertainty.mutualInformation(new float[][] {split, split}))
        .isCloseTo(0f, within(1e-6f));
    assertThat((double) Uncertainty.mutualInformation(new float[][] {{1, 0, 0, 0}, {0, 1, 0, 0}}))
        .isCloseTo(Math.log(2), within(1e-6));
  }

  @Test
  void temperatureOneChangesNothingAndLargeTemperaturesFlatten() {
    float[] p = {0.7f, 0.2f, 0.1f};
    assertThat(Uncertainty.withTemperature(p, 1.0))
        .containsExactly(new float[] {0.7f, 0.2f, 0.1f}, within(1e-6f));
    float[] flat = Uncertainty.withTemperature(p, 100);
    assertThat(flat[0] - flat[2]).isLessThan(0.02f);
  }

  @Test
  void anOverconfidentModelGetsATemperatureAboveOneAndABetterLikelihood() {
    // a model that says 0.99 but is right 70% of the time
    Random random = new Random(1);
    int n = 2000;
    float[][] probs = new float[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      probs[i] = new float[] {0.99f, 0.005f, 0.005f};
      labels[i] = random.nextDouble() < 0.7 ? 0 : 1 + random.nextInt(2);
    }
    double t = TemperatureScaling.fit(probs, labels);
    assertThat(t).isGreaterThan(1.5);
    assertThat(TemperatureScaling.nll(probs, labels, t))
        .isLessThan(TemperatureScaling.nll(probs, labels, 1.0));
    // calibrated confidence is close to the true 70%
    assertThat((double) Uncertainty.withTemperature(probs[0], t)[0]).isCloseTo(0.7, within(0.03));
  }

  @Test
  void eceIsZeroForPerfectCalibrationAndTheGapOtherwise() {
    List<Prediction> predictions = new ArrayList<>();
    List<ObjectClass> truth = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      predictions.add(prediction(0.8f, ObjectClass.CAR));
      truth.add(i < 80 ? ObjectClass.CAR : ObjectClass.TRUCK);
    }
    assertThat(ModelEvaluator.expectedCalibrationError(predictions, truth))
        .isCloseTo(0.0, within(1e-6));
    Collections.fill(truth, ObjectClass.TRUCK);
    assertThat(ModelEvaluator.expectedCalibrationError(predictions, truth))
        .isCloseTo(0.8, within(1e-6));
  }

  @Test
  void wilsonLowerBoundOnKnownValues() {
    // 95 of 100: the one-sided 90% Wilson bound is about 0.914
    assertThat(ConfidenceThreshold.wilsonLowerBound(95, 100)).isCloseTo(0.914, within(0.002));
    assertThat(ConfidenceThreshold.wilsonLowerBound(50, 50)).isCloseTo(0.968, within(0.002));
    assertThat(ConfidenceThreshold.wilsonLowerBound(0, 10)).isCloseTo(0.0, within(1e-9));
  }

  private static Prediction prediction(float confidence, ObjectClass predicted) {
    return Prediction.newBuilder()
        .setFrameId("f")
        .setModelVersion("v1")
        .setProbabilities(List.of(confidence))
        .setPredicted(predicted)
        .setConfidence(confidence)
        .setMargin(0)
        .setEntropy(0)
        .setPredictedAt(Instant.EPOCH)
        .build();
  }
}
