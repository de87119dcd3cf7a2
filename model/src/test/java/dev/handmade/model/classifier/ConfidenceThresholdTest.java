package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The threshold: weighted evidence, people's errors, fixed-sequence testing. */
class ConfidenceThresholdTest {

  private static final Frame FRAME = Examples.frames(7, 1).get(0);

  private final List<Prediction> predictions = new ArrayList<>();
  private final List<TrainingExample> verified = new ArrayList<>();

  @Test
  void thresholdIsTheLowestConfidenceWhoseDecisionsReachTheTarget() {
    // 100 frames at 0.9 all right, 100 at 0.6 half right, 100 at 0.4 all wrong; two people agreed
    // on each
    for (int i = 0; i < 100; i++) {
      add(0.9f, true, 1.0, 2, 2);
      add(0.6f, i % 2 == 0, 1.0, 2, 2);
      add(0.4f, false, 1.0, 2, 2);
    }
    assertThat(choose(0.95, 30).threshold()).isEqualTo(0.9f);
    // 150 of 200 right at 0.6 and above: observed 75%, but only about 71% for sure
    assertThat(choose(0.75, 30).threshold()).isEqualTo(0.9f);
    assertThat(choose(0.7, 30).threshold()).isEqualTo(0.6f);
    assertThat(choose(0.45, 30).threshold()).isEqualTo(0.4f);
    ConfidenceThreshold.Choice tooFew = choose(0.95, 1000);
    assertThat(tooFew.certified()).isFalse();
    assertThat(tooFew.explanation()).contains("fewer than 1000 effective frames");
  }

  @Test
  void withoutFramesThatSeveralPeopleLabelledNothingIsCertified() {
    for (int i = 0; i < 300; i++) {
      add(0.99f, true, 1.0, 1, 1);
    }
    ConfidenceThreshold.Choice choice = choose(0.95, 50);
    assertThat(choice.certified()).isFalse();
    assertThat(choice.explanation()).contains("two or more people");
  }

  @Test
  void peoplesDisagreementsLowerWhatIsPromised() {
    // 400 frames the model gets right; on a tenth of them one of two people disagreed with the
    // other
    for (int i = 0; i < 400; i++) {
      add(0.99f, true, 1.0, i % 10 == 0 ? 3 : 2, i % 10 == 0 ? 2 : 2);
    }
    ConfidenceThreshold.Choice choice = choose(0.95, 50);
    assertThat(choice.certified()).isTrue();
    // one answer in 3 disagreed on 40 frames: 40 of 840 answers, so one person errs at most ~6%
    assertThat(ConfidenceThreshold.personErrorBound(verified)).isBetween(40.0 / 840, 0.07);
    assertThat(choice.peopleErrorBound()).isGreaterThan(0.0020).isLessThan(0.005);
    assertThat(choice.lowerBound())
        .isCloseTo(
            ConfidenceThreshold.wilsonLowerBound(1.0, 400) - choice.peopleErrorBound(),
            within(1e-9));
  }

  @Test
  void testingStopsAtTheFirstRegionThatFails() {
    // the top 100 are right, the next 100 mostly wrong, the 400 below right again: scanning every
    // threshold would pick the lowest, whose pooled accuracy passes; a fixed sequence stops
    for (int i = 0; i < 100; i++) {
      add(0.99f - i * 1e-4f, true, 1.0, 2, 2);
      add(0.9f - i * 1e-4f, i % 3 == 0, 1.0, 2, 2);
    }
    for (int i = 0; i < 2000; i++) {
      add(0.8f - i * 1e-5f, true, 1.0, 2, 2);
    }
    ConfidenceThreshold.Choice choice = choose(0.9, 50);
    assertThat(choice.threshold()).isGreaterThan(0.89);
    assertThat(choice.explanation()).contains("stopped where");
  }

  /**
   * The deployed model sends the frames it is unsure of (confidence below 0.8) to people and a
   * 2% audit sample of the others. Among the unsure, the candidate is sure of some (it learnt
   * since) and right on them; the confident region is where its errors hide. Unweighted, the
   * verified frames are nine in ten unsure ones and hide the errors; weighted, the estimate of
   * the accuracy above the threshold matches the population's.
   */
  @Test
  void weightingByTheChanceOfReachingPeopleRemovesTheDeployedModelsBias() {
    SplittableRandom random = new SplittableRandom(11);
    double auditRate = 0.02;
    long populationDecided = 0;
    long populationRight = 0;
    for (int i = 0; i < 200_000; i++) {
      boolean deployedSure = random.nextDouble() < 0.6;
      float candidateConfidence = deployedSure ? 0.95f : (random.nextBoolean() ? 0.97f : 0.5f);
      // the candidate is 92% right where the deployed model was sure, 99.5% where it learnt
      boolean right =
          candidateConfidence == 0.5f
              ? random.nextBoolean()
              : random.nextDouble() < (deployedSure ? 0.92 : 0.995);
      if (candidateConfidence >= 0.95f) {
        populationDecided++;
        populationRight += right ? 1 : 0;
      }
      if (!deployedSure) {
        add(candidateConfidence, right, 1.0, 2, 2);
      } else if (random.nextDouble() < auditRate) {
        add(candidateConfidence, right, auditRate, 2, 2);
      }
    }
    double truth = (double) populationRight / populationDecided;
    double unweighted = unweightedAgreementAbove(0.95f);

    ConfidenceThreshold.Choice choice = choose(0.5, 50);
    assertThat(choice.threshold()).isEqualTo(0.5f);
    ConfidenceThreshold.Choice strict = choose(0.95, 50);
    assertThat(unweighted)
        .as("unweighted, the verified frames look better than the truth")
        .isGreaterThan(0.97);
    assertThat(truth).isLessThan(0.95);
    assertThat(strict.threshold())
        .as("weighted, the region the deployed model was sure of is not certified at 95%%")
        .isGreaterThan(0.95f);
  }

  private double unweightedAgreementAbove(float confidence) {
    int n = 0;
    int right = 0;
    for (int i = 0; i < predictions.size(); i++) {
      if (predictions.get(i).getConfidence() >= confidence) {
        n++;
        right += predictions.get(i).getPredicted() == verified.get(i).getLabel() ? 1 : 0;
      }
    }
    return (double) right / n;
  }

  private ConfidenceThreshold.Choice choose(double target, int minSupport) {
    return ConfidenceThreshold.choose(predictions, verified, target, minSupport);
  }

  @Test
  void aFewAuditSamplesOfTheNewDesignDoNotOutweighWhatPeopleSawWholeBefore() {
    // before the machine decided, people saw every frame: 300 confident ones, all right
    for (int i = 0; i < 300; i++) {
      add(0.99f - i * 1e-5f, true, 1.0, 2, 2);
      routedBy(Route.NO_MODEL, null);
    }
    // since v5 decides, people see its uncertain frames and 10 audit samples of the rest
    for (int i = 0; i < 60; i++) {
      add(0.5f, i % 2 == 0, 1.0, 2, 2);
      routedBy(Route.UNCERTAIN, "v5");
    }
    for (int i = 0; i < 10; i++) {
      add(0.999f - i * 1e-5f, true, 0.05, 2, 2);
      routedBy(Route.AUDIT_SAMPLE, "v5");
    }
    ConfidenceThreshold.Choice pooled = choose(0.95, 100);
    assertThat(pooled.certified()).as(pooled.explanation()).isTrue();
    assertThat(pooled.effectiveFrames()).isGreaterThan(300);
    assertThat(pooled.explanation()).contains("routed under 2 designs, pooled");

    // weighted all together, the 10 audit samples stand for 200 frames: 370 frames count as 72
    for (int i = 0; i < verified.size(); i++) {
      verified.set(
          i,
          TrainingExample.newBuilder(verified.get(i))
              .setRoutedBy(null)
              .setRoute(Route.UNCERTAIN)
              .build());
    }
    ConfidenceThreshold.Choice together = choose(0.95, 100);
    assertThat(together.certified()).as(together.explanation()).isFalse();
    assertThat(together.explanation()).contains("fewer than 100 effective frames (72)");
  }

  private void routedBy(Route route, String version) {
    int last = verified.size() - 1;
    verified.set(
        last,
        TrainingExample.newBuilder(verified.get(last))
            .setRoute(route)
            .setRoutedBy(version)
            .build());
  }

  private void add(
      float confidence, boolean right, double inclusionProbability, int answers, int agreeing) {
    predictions.add(
        Prediction.newBuilder()
            .setFrameId("f")
            .setModelVersion("v1")
            .setProbabilities(List.of(confidence))
            .setPredicted(ObjectClass.CAR)
            .setConfidence(confidence)
            .setMargin(0)
            .setEntropy(0)
            .setPredictedAt(Instant.EPOCH)
            .build());
    List<String> labellers = new ArrayList<>();
    for (int i = 0; i < answers; i++) {
      labellers.add("l-" + i);
    }
    verified.add(
        TrainingExample.newBuilder()
            .setFrame(FRAME)
            .setLabel(right ? ObjectClass.CAR : ObjectClass.TRUCK)
            .setOrigin(LabelOrigin.HUMAN)
            .setRoute(inclusionProbability < 1 ? Route.AUDIT_SAMPLE : Route.UNCERTAIN)
            .setInclusionProbability(inclusionProbability)
            .setLabellerIds(labellers)
            .setAgreeingAnswers(agreeing)
            .build());
  }
}
