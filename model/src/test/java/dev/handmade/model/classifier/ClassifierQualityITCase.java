package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.schema.Evaluation;
import dev.handmade.schema.Frame;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.TrainingExample;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model half's quality bar: trained from scratch on 2,000 simulated frames, evaluated on
 * 1,000 others from an independent seed. One training run serves every test here. An ITCase
 * for its minutes of training, though it starts no server: the fast tests run first.
 */
class ClassifierQualityITCase {

  private static FrameClassifier calibrated;
  private static double uncalibratedEce;
  private static List<Frame> test;
  private static List<ObjectClass> truth;
  private static List<Prediction> predictions;

  @BeforeAll
  static void trainAndCalibrate() {
    Trainer trainer = new Trainer(Trainer.Config.defaults());
    FrameClassifier raw = trainer.trainFromScratch(Examples.labelled(101, 2000), "v1");
    List<Frame> calibration = Examples.frames(102, 500);
    int[] labels = calibration.stream().mapToInt(f -> f.getGroundTruth().ordinal()).toArray();
    double temperature = TemperatureScaling.fit(raw.uncalibratedProbabilities(calibration), labels);
    calibrated = raw.withTemperature(temperature);

    test = Examples.frames(103, 1000);
    truth = test.stream().map(Frame::getGroundTruth).toList();
    uncalibratedEce = ModelEvaluator.expectedCalibrationError(raw.predict(test), truth);
    predictions = calibrated.predict(test);
  }

  @Test
  void reachesEightyFivePercentOnHeldOutFrames() {
    Evaluation evaluation =
        ModelEvaluator.evaluate(predictions, truth, "1000 simulated frames, seed 103");
    System.out.printf(
        "held-out accuracy %.4f, ECE %.4f (uncalibrated %.4f), temperature %.3f%n",
        evaluation.getAccuracy(),
        evaluation.getExpectedCalibrationError(),
        uncalibratedEce,
        calibrated.temperature());
    evaluation
        .getPerClass()
        .forEach(
            m ->
                System.out.printf(
                    "  %-13s precision %.3f recall %.3f support %d%n",
                    m.getObjectClass(), m.getPrecision(), m.getRecall(), m.getSupport()));
    assertThat(evaluation.getAccuracy()).isGreaterThanOrEqualTo(0.85);
    assertThat(evaluation.getConfusion()).hasSize(ObjectClass.values().length);
    long total =
        evaluation.getConfusion().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
    assertThat(total).isEqualTo(1000);
  }

  @Test
  void calibratedConfidenceMeansWhatItSays() {
    double ece = ModelEvaluator.expectedCalibrationError(predictions, truth);
    assertThat(ece).isLessThanOrEqualTo(0.05);
  }

  @Test
  void theLeastSureFramesAreTheOnesItGetsWrong() {
    double[] byConfidence =
        ModelEvaluator.accuracyByUncertaintyDecile(predictions, truth, p -> -p.getConfidence());
    double[] byEntropy =
        ModelEvaluator.accuracyByUncertaintyDecile(predictions, truth, Prediction::getEntropy);
    double[] byMargin =
        ModelEvaluator.accuracyByUncertaintyDecile(predictions, truth, p -> -p.getMargin());
    System.out.println(
        "accuracy by decile, most uncertain first (confidence): " + Arrays.toString(byConfidence));
    System.out.println(
        "accuracy by decile, most uncertain first (entropy):    " + Arrays.toString(byEntropy));
    System.out.println(
        "accuracy by decile, most uncertain first (margin):     " + Arrays.toString(byMargin));
    for (double[] deciles : List.of(byConfidence, byEntropy, byMargin)) {
      assertThat(deciles[0]).isLessThan(deciles[9] - 0.3);
    }
  }

  @Test
  void mcDropoutMutualInformationAlsoRanksErrors() {
    // 20 passes over half the test frames: the passes cost as much as the training
    List<Prediction> mc = calibrated.predictWithMcDropout(test.subList(0, 500), 20, 7);
    List<ObjectClass> mcTruth = truth.subList(0, 500);
    double[] byMi =
        ModelEvaluator.accuracyByUncertaintyDecile(mc, mcTruth, Prediction::getMutualInformation);
    System.out.println(
        "accuracy by decile, most uncertain first (MC-dropout MI): " + Arrays.toString(byMi));
    assertThat(mc).allMatch(p -> p.getMutualInformation() != null && p.getMutualInformation() >= 0);
    assertThat(byMi[0]).isLessThan(byMi[9] - 0.2);
    // averaging the passes costs little accuracy
    assertThat(ModelEvaluator.evaluate(mc, mcTruth, "mc").getAccuracy()).isGreaterThan(0.8);
  }

  @Test
  void aThresholdChosenForNinetyFivePercentHoldsOnNewFrames() {
    List<Frame> verified = Examples.frames(104, 600);
    List<TrainingExample> verifiedTruth = verified.stream().map(Examples::labelled).toList();
    double threshold =
        ConfidenceThreshold.choose(calibrated.predict(verified), verifiedTruth, 0.95, 50)
            .threshold();
    int decided = 0;
    int right = 0;
    for (int i = 0; i < predictions.size(); i++) {
      if (predictions.get(i).getConfidence() >= threshold) {
        decided++;
        right += predictions.get(i).getPredicted() == truth.get(i) ? 1 : 0;
      }
    }
    System.out.printf(
        "threshold %.3f: machine decides %d of 1000 at accuracy %.4f%n",
        threshold, decided, (double) right / decided);
    assertThat(decided).isGreaterThan(300);
    // the target holds on new frames, up to the sampling error of 1,000 test frames (about 0.8
    // points)
    assertThat((double) right / decided).isGreaterThanOrEqualTo(0.94);
  }

  @Test
  void fineTuningLeavesTheParentUntouchedAndKeepsItsSkill() {
    List<Frame> probe = test.subList(0, 50);
    float[][] before = calibrated.uncalibratedProbabilities(probe);
    ReplayBuffer replay = new ReplayBuffer(2000, 1);
    replay.addAll(Examples.labelled(101, 1000));
    List<TrainingExample> fresh = Examples.labelled(105, 300);

    FrameClassifier child =
        new Trainer(Trainer.Config.defaults()).fineTune(calibrated, fresh, replay, "v2");

    assertThat(calibrated.uncalibratedProbabilities(probe)).isDeepEqualTo(before);
    assertThat(child.version()).isEqualTo("v2");
    assertThat(child.uncalibratedProbabilities(probe)).isNotEqualTo(before);
    double childAccuracy = ModelEvaluator.evaluate(child.predict(test), truth, "t").getAccuracy();
    assertThat(childAccuracy).isGreaterThan(0.83);
    assertThat(replay.seen()).isEqualTo(1300);
  }
}
