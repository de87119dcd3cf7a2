package dev.handmade.model.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handmade.model.classifier.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machinery on a tiny setting: every strategy's scoring path, the rounds, the labels counted, the CSV. */
class ActiveLearningExperimentTest {

  private static ActiveLearningData data;

  @BeforeAll
  static void frames() {
    data = ActiveLearningData.fromSimulator(11, 40, 20);
  }

  private static ActiveLearningExperiment.Config config(List<Long> seeds, int candidates) {
    return config(seeds, candidates, 1);
  }

  private static ActiveLearningExperiment.Config config(
      List<Long> seeds, int candidates, int parallelSeeds) {
    return new ActiveLearningExperiment.Config(
        8,
        4,
        2,
        seeds,
        candidates,
        2,
        new Trainer.Config(32, 128, 1, 16, 2e-3, 1, 1e-3, 2.0, 0),
        0.95,
        5,
        parallelSeeds);
  }

  @Test
  void everyStrategyRunsEveryRoundAndCountsItsLabels(@TempDir Path out) throws Exception {
    List<String> steps = new ArrayList<>();
    ExperimentResult result =
        new ActiveLearningExperiment(config(List.of(1L), 12))
            .run(data, Strategies.all(), (done, total, what) -> steps.add(done + "/" + total));
    // the seed model, then 6 strategies x 3 measured rounds
    assertEquals(1 + 6 * 3, steps.size());
    assertEquals("19/19", steps.get(steps.size() - 1));
    assertEquals(6 * 3, result.rows().size());
    for (RoundResult r : result.rows()) {
      assertEquals(8 + 4 * r.round(), r.humanLabels(), r.toString());
      assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, r.toString());
      assertTrue(r.temperature() > 0, r.toString());
      assertTrue(r.machineShare() >= 0 && r.machineShare() <= 1, r.toString());
    }
    // every strategy starts from the same seed model: round 0 is the same for all
    List<Double> first =
        result.rows().stream()
            .filter(r -> r.round() == 0)
            .map(RoundResult::accuracy)
            .distinct()
            .toList();
    assertEquals(1, first.size(), "round 0: " + first);
    List<Path> files = result.writeCsv(out);
    assertEquals(1 + 18, Files.readAllLines(files.get(0)).size());
    assertEquals(1 + 6 * 3, Files.readAllLines(files.get(1)).size());
  }

  @Test
  void seedsOnThreadsOfTheirOwnGiveTheSameRoundsAsOneAfterAnother() {
    List<SelectionStrategy> random = List.of(new RandomSampling());
    List<Integer> told = new ArrayList<>();
    ExperimentResult sequential =
        new ActiveLearningExperiment(config(List.of(1L, 2L), 0))
            .run(data, random, (done, total, what) -> {});
    ExperimentResult parallel =
        new ActiveLearningExperiment(config(List.of(1L, 2L), 0, 2))
            .run(data, random, (done, total, what) -> told.add(done));
    assertEquals(sequential.rows(), parallel.rows());
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), told, "steps are counted once each, in order");
  }

  @Test
  void aPoolTooSmallForTheBudgetIsRefusedBeforeAnyTraining() {
    ActiveLearningData small = ActiveLearningData.fromSimulator(11, 15, 5);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ActiveLearningExperiment(config(List.of(1L), 0))
                    .run(small, Strategies.all(), (done, total, what) -> {}));
    assertTrue(e.getMessage().contains("16 labels"), e.getMessage());
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    Trainer.Config training = Trainer.Config.defaults();
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ActiveLearningExperiment.Config(0, 6, 2, List.of(1L), 0, 2, training, 0.95, 5, 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ActiveLearningExperiment.Config(
                10, 6, 2, List.of(1L, 1L), 0, 2, training, 0.95, 5, 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ActiveLearningExperiment.Config(10, 6, 2, List.of(1L), 0, 1, training, 0.95, 5, 1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ActiveLearningExperiment.Config(10, 6, 2, List.of(1L), 0, 2, training, 1.5, 5, 1));
  }
}
