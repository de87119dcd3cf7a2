package dev.handmade.model.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handmade.model.experiment.ExperimentResult.CurvePoint;
import dev.handmade.model.experiment.ExperimentResult.StrategySummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentResultTest {

  private static CurvePoint point(int round, double labels, double accuracy) {
    return new CurvePoint(round, labels, accuracy, 0, accuracy, accuracy, 0, 1);
  }

  @Test
  void labelsToReachInterpolatesBetweenRounds() {
    List<CurvePoint> curve =
        List.of(point(0, 100, 0.6), point(1, 150, 0.7), point(2, 200, 0.8), point(3, 250, 0.78));
    assertEquals(175, ExperimentResult.labelsToReach(curve, 0.75).getAsDouble(), 1e-9);
    assertEquals(150, ExperimentResult.labelsToReach(curve, 0.7).getAsDouble(), 1e-9);
    assertEquals(
        100,
        ExperimentResult.labelsToReach(curve, 0.5).getAsDouble(),
        1e-9,
        "reached before any round");
    assertTrue(ExperimentResult.labelsToReach(curve, 0.81).isEmpty());
  }

  /**
   * Two seeds. Random climbs 0.60, 0.70, 0.80 at 100, 200, 300 labels (mean over seeds); entropy
   * 0.60, 0.80, 0.85: it reaches random's final 0.80 at 200 labels, a third fewer.
   */
  private static ExperimentResult twoStrategies() {
    List<RoundResult> rows = new ArrayList<>();
    double[][] random = {{0.58, 0.62}, {0.68, 0.72}, {0.79, 0.81}};
    double[][] entropy = {{0.58, 0.62}, {0.78, 0.82}, {0.85, 0.85}};
    for (int round = 0; round < 3; round++) {
      for (int s = 0; s < 2; s++) {
        rows.add(
            new RoundResult(
                "random",
                s + 1,
                round,
                100 * (round + 1),
                random[round][s],
                1.2,
                0.9,
                0.1 * round,
                0.96,
                PickProfile.NONE));
        rows.add(
            new RoundResult(
                "entropy",
                s + 1,
                round,
                100 * (round + 1),
                entropy[round][s],
                1.1,
                0.8,
                0.2 * round,
                Double.NaN,
                PickProfile.NONE));
      }
    }
    return new ExperimentResult("test", List.of("random", "entropy"), List.of(1L, 2L), rows, 0.95);
  }

  @Test
  void curvesAverageTheSeeds() {
    List<CurvePoint> curve = twoStrategies().curve("random");
    assertEquals(3, curve.size());
    assertEquals(0.70, curve.get(1).meanAccuracy(), 1e-9);
    assertEquals(Math.sqrt(2 * 0.02 * 0.02), curve.get(1).sdAccuracy(), 1e-9);
    assertEquals(0.68, curve.get(1).minAccuracy(), 1e-9);
    assertEquals(0.72, curve.get(1).maxAccuracy(), 1e-9);
    assertEquals(0.1, curve.get(1).meanMachineShare(), 1e-9);
    assertEquals(2, curve.get(1).seeds());
  }

  @Test
  void theSavingIsMeasuredAtRandomsFinalAccuracy() {
    ExperimentResult result = twoStrategies();
    double target = result.defaultTarget();
    assertEquals(0.80, target, 1e-9);
    List<StrategySummary> summary = result.summarize(target);
    StrategySummary random = summary.get(0);
    StrategySummary entropy = summary.get(1);
    assertEquals(300, random.labelsToTarget().getAsDouble(), 1e-9);
    assertEquals(0, random.savingVsRandom().getAsDouble(), 1e-9);
    assertEquals(200, entropy.labelsToTarget().getAsDouble(), 1e-9);
    assertEquals(1 - 200.0 / 300, entropy.savingVsRandom().getAsDouble(), 1e-9);
    assertFalse(entropy.savingIsLowerBound());
    assertEquals(1, entropy.roundAtTarget());
    assertEquals(0.2, entropy.machineShareAtTarget(), 1e-9);
    assertEquals("entropy", result.best(target).orElseThrow().strategy());
  }

  @Test
  void whenRandomNeverReachesTheTargetTheSavingIsALowerBound() {
    ExperimentResult result = twoStrategies();
    StrategySummary entropy = result.summarize(0.84).get(1);
    // entropy reaches 0.84 between 200 (0.80) and 300 (0.85) labels: at 280
    assertEquals(280, entropy.labelsToTarget().getAsDouble(), 1e-9);
    assertTrue(entropy.savingIsLowerBound());
    assertEquals(1 - 280.0 / 300, entropy.savingVsRandom().getAsDouble(), 1e-9);
    StrategySummary random = result.summarize(0.84).get(0);
    assertTrue(random.labelsToTarget().isEmpty());
    assertEquals(-1, random.roundAtTarget());
    assertEquals(
        0.2, random.machineShareAtTarget(), 1e-9, "the share at the end when never reached");
    assertTrue(
        result.summarize(0.9).get(1).savingVsRandom().isEmpty(),
        "nothing saved where nobody arrives");
  }

  @Test
  void theVerdictSaysWhetherTheGoalIsMetAndHowFarItIs() {
    ExperimentResult result = twoStrategies();
    assertEquals(
        "goal (>= 50% fewer human labels than random at accuracy 0.8000) NOT MET: the best, entropy, "
            + "saves 33.3% (200 labels against random's 300), 16.7 points short",
        result.verdict(0.8, 0.5));
    assertEquals(
        "goal (>= 30% fewer human labels than random at accuracy 0.8000) MET: entropy saves 33.3% (200 "
            + "labels against random's 300)",
        result.verdict(0.8, 0.3));
    assertTrue(
        result
            .verdict(0.84, 0.5)
            .contains(
                "saves at least 6.7% (280 labels against random's more than the " + "budget)"),
        result.verdict(0.84, 0.5));
    assertTrue(
        result
            .verdict(0.9, 0.5)
            .contains(
                "NOT MET: no strategy other than random reached the target within 300 " + "labels"),
        result.verdict(0.9, 0.5));
  }

  @Test
  void theCsvFilesHoldEveryRoundAndEveryCurvePoint(@TempDir Path folder) throws Exception {
    ExperimentResult result = twoStrategies();
    List<Path> files = result.writeCsv(folder);
    List<String> rounds = Files.readAllLines(files.get(0));
    assertEquals(
        "strategy,seed,round,human_labels,accuracy,temperature,threshold,machine_share,machine_accuracy,"
            + "picks_wrong_before,picks_wrong_after,picks_mean_range_m,picks_mean_occlusion,picks_adverse_share,"
            + "picks_top_class_share",
        rounds.get(0));
    assertEquals(1 + 12, rounds.size());
    assertTrue(rounds.contains("random,2,1,200,0.72,1.2,0.9,0.1,0.96,,,,,,"), rounds.toString());
    assertTrue(
        rounds.contains("entropy,1,0,100,0.58,1.1,0.8,0,,,,,,,"),
        "NaN is an empty field: " + rounds);
    List<String> curves = Files.readAllLines(files.get(1));
    assertEquals(1 + 6, curves.size());
    assertTrue(curves.contains("entropy,2,300,2,0.85,0,0.85,0.85,0.4"), curves.toString());
  }

  @Test
  void theExplanationNamesWhatTheLosersPickedAgainstRandomsPicks() {
    PickProfile randomPicks = new PickProfile(0.25, 0.05, 30, 0.2, 0.2, 0.3);
    PickProfile hardPicks = new PickProfile(0.7, 0.4, 45, 0.5, 0.3, 0.35);
    List<RoundResult> rows = new ArrayList<>();
    double[] random = {0.6, 0.7, 0.8};
    double[] leastConfidence = {0.6, 0.65, 0.72};
    for (int round = 0; round < 3; round++) {
      rows.add(
          new RoundResult(
              "random",
              1,
              round,
              100 * (round + 1),
              random[round],
              1,
              1.1,
              0,
              Double.NaN,
              round < 2 ? randomPicks : PickProfile.NONE));
      rows.add(
          new RoundResult(
              "least-confidence",
              1,
              round,
              100 * (round + 1),
              leastConfidence[round],
              1,
              1.1,
              0,
              Double.NaN,
              round < 2 ? hardPicks : PickProfile.NONE));
    }
    ExperimentResult result =
        new ExperimentResult(
            "test", List.of("random", "least-confidence"), List.of(1L), rows, 0.95);
    assertEquals(0.4, result.pickProfiles().get("least-confidence").wrongAfter(), 1e-9);
    String why = result.explanation(0.8).orElseThrow();
    assertTrue(
        why.contains(
            "least-confidence: 40% of its picks stayed wrong after training on them (random's 5%)"),
        why);
    assertTrue(
        why.contains("harder to see (range 45 m against 30 m, occlusion 0.50 against 0.20)"), why);
    assertFalse(why.contains("night, rain or fog"), "30% against 20% does not stand out: " + why);
    assertFalse(why.contains("one class"), why);
    assertTrue(
        twoStrategies().explanation(0.8).isEmpty(), "entropy beat random: nothing to explain");
  }
}
