package dev.handmade.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handmade.pipeline.support.TestFrames;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.registry.ModelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trainer on Flink's keyed operator harness, with a handful of labels and one epoch so that a
 * round takes about a second: when a round starts, what it publishes, and what a checkpoint taken
 * between rounds carries over. A round caught by a checkpoint, and a failed round, are
 * {@link ContinuousTrainerITCase}'s.
 */
class ContinuousTrainerTest {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final EvidenceSplit SPLIT = new EvidenceSplit(20, 2);
  private static final int FIRST_LABELS = 6;
  private static final int EVERY_LABELS = 3;
  private static final Duration EVERY = Duration.ofMinutes(10);
  // a threshold needs more support than a few frames give: every version sends all frames to
  // people, so the gate never compares thresholds and a round publishes unless clearly worse
  private static final ContinuousTrainer.Settings SETTINGS =
      new ContinuousTrainer.Settings(EVERY_LABELS, EVERY, FIRST_LABELS, SPLIT, 1, 0.9, 1_000);
  private static final long LABEL_MILLIS = 60_000;
  private static final long LABEL_CENTS = 5;

  private ObjectStore store;
  private ModelRegistry registry;
  private final List<KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, ModelVersion>>
      opened = new ArrayList<>();
  private long nextFrame;

  @BeforeEach
  void newRegistry() {
    store = S3.newStore();
    registry = new ModelRegistry(store);
  }

  @AfterEach
  void closeHarnesses() throws Exception {
    for (var harness : opened) {
      harness.close();
    }
  }

  @Test
  void theFirstRoundWaitsForItsLabelsThenPublishesAndDeploysAVersionTrainedOnThem()
      throws Exception {
    var trainer = open();
    evidence(5).forEach(e -> process(trainer, e));
    training(FIRST_LABELS - 1).forEach(e -> process(trainer, e));
    trainer.setProcessingTime(5_000);
    assertThat(trainer.numProcessingTimeTimers())
        .as("the periodic round's timer alone")
        .isEqualTo(1);

    process(trainer, training(1).get(0));
    assertThat(trainer.numProcessingTimeTimers()).as("and the running round's poll").isEqualTo(2);
    ModelVersion v1 = awaitVersions(trainer, 1).get(0);

    assertThat(v1.getVersion()).isEqualTo("v1");
    assertThat(v1.getParent()).isNull();
    assertThat(v1.getTrainingRound()).isEqualTo(1L);
    assertThat(v1.getTrainingExamples()).isEqualTo(FIRST_LABELS);
    assertThat(v1.getEvaluation().getExamples())
        .as("evaluated on the evidence, never trained on")
        .isEqualTo(5);
    assertThat(v1.getLabour().getHumanLabels()).isEqualTo(FIRST_LABELS);
    assertThat(v1.getLabour().getLabellerIds()).containsExactly("l-1", "l-2");
    assertThat(v1.getLabour().getCostCents()).isEqualTo(FIRST_LABELS * LABEL_CENTS);
    assertThat(registry.deployed()).contains("v1");
    assertThat(registry.round(1))
        .hasValueSatisfying(r -> assertThat(r.published()).isEqualTo("v1"));
  }

  @Test
  void labelsWithoutEvidenceWaitAndGoIntoTheRoundThatStartsOnceThereIsSome() throws Exception {
    var trainer = open();
    evidence(3).forEach(e -> process(trainer, e));
    assertThat(trainer.numProcessingTimeTimers()).as("evidence alone starts nothing").isZero();

    var noEvidence = open();
    training(FIRST_LABELS + 2).forEach(e -> process(noEvidence, e));
    noEvidence.setProcessingTime(5_000);
    assertThat(noEvidence.numProcessingTimeTimers())
        .as("no round without evidence to set a threshold on")
        .isEqualTo(1);
    process(noEvidence, evidence(1).get(0));
    process(noEvidence, training(1).get(0));

    ModelVersion v1 = awaitVersions(noEvidence, 1).get(0);
    assertThat(v1.getTrainingExamples()).isEqualTo(FIRST_LABELS + 3);
    assertThat(v1.getEvaluation().getExamples()).isEqualTo(1);
  }

  @Test
  void labelsAndEvidenceWaitingForTheFirstRoundSurviveACheckpoint() throws Exception {
    var before = open();
    evidence(5).forEach(e -> process(before, e));
    training(FIRST_LABELS - 1).forEach(e -> process(before, e));
    OperatorSubtaskState checkpoint = before.snapshot(1, 1);

    var after = restore(checkpoint);
    assertThat(after.numProcessingTimeTimers())
        .as("the periodic round's timer, restored")
        .isEqualTo(1);
    process(after, training(1).get(0));
    ModelVersion v1 = awaitVersions(after, 1).get(0);
    assertThat(v1.getTrainingExamples())
        .as("the restored labels and the new one")
        .isEqualTo(FIRST_LABELS);
    assertThat(v1.getEvaluation().getExamples()).as("the restored evidence").isEqualTo(5);
    assertThat(before.extractOutputValues()).isEmpty();
  }

  @Test
  void afterACheckpointBetweenRoundsTheNextRoundsFollowOnFromTheDeployedVersion() throws Exception {
    var before = open();
    evidence(5).forEach(e -> process(before, e));
    training(FIRST_LABELS).forEach(e -> process(before, e));
    awaitVersions(before, 1);
    OperatorSubtaskState checkpoint = before.snapshot(1, 1);
    before.close();
    opened.remove(before);

    var after = restore(checkpoint);
    // fewer labels than a first round needs: the restored state knows a version is deployed
    training(EVERY_LABELS).forEach(e -> process(after, e));
    ModelVersion v2 = awaitVersions(after, 1).get(0);
    assertThat(v2.getVersion()).isEqualTo("v2");
    assertThat(v2.getParent()).isEqualTo("v1");
    assertThat(v2.getTrainingRound()).as("the restored round number, plus one").isEqualTo(2L);
    assertThat(v2.getTrainingExamples()).isEqualTo(EVERY_LABELS);

    // one label, fewer than a round needs, goes in when the periodic round comes
    process(after, training(1).get(0));
    after.setProcessingTime(after.getProcessingTime() + EVERY.toMillis());
    ModelVersion v3 = awaitVersions(after, 2).get(1);
    assertThat(v3.getTrainingRound()).isEqualTo(3L);
    assertThat(v3.getParent()).isEqualTo("v2");
    assertThat(v3.getTrainingExamples()).isEqualTo(1);
    assertThat(registry.deployed()).contains("v3");
  }

  /** Moves processing time on until the trainer has put out {@code n} versions in all; the rounds run on a thread. */
  private static List<ModelVersion> awaitVersions(
      KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, ModelVersion> trainer,
      int n) {
    await("version " + n + " from the trainer")
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(100))
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> {
              trainer.setProcessingTime(trainer.getProcessingTime() + 500);
              return trainer.extractOutputValues().size() >= n;
            });
    assertThat(trainer.extractOutputValues()).as("one version a round").hasSize(n);
    return trainer.extractOutputValues();
  }

  private KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, ModelVersion> open()
      throws Exception {
    var harness = harness();
    harness.open();
    harness.setProcessingTime(0);
    return harness;
  }

  private KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, ModelVersion> restore(
      OperatorSubtaskState checkpoint) throws Exception {
    var harness = harness();
    harness.setProcessingTime(0);
    harness.initializeState(checkpoint);
    harness.open();
    return harness;
  }

  private KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, ModelVersion> harness()
      throws Exception {
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new ContinuousTrainer(store.config(), SETTINGS)),
            (TrainingExample e) -> 0,
            Types.INT);
    opened.add(harness);
    return harness;
  }

  /** Verified audit samples: always evidence. */
  private List<TrainingExample> evidence(int n) {
    List<TrainingExample> examples = new ArrayList<>();
    while (examples.size() < n) {
      examples.add(example(TestFrames.frame(nextFrame++), Route.AUDIT_SAMPLE));
    }
    return examples;
  }

  /** Labels of frames people saw for the model's doubt that the split does not keep as evidence. */
  private List<TrainingExample> training(int n) {
    List<TrainingExample> examples = new ArrayList<>();
    while (examples.size() < n) {
      Frame f = TestFrames.frame(nextFrame++);
      if (!SPLIT.isEvidence(f.getFrameId(), Route.UNCERTAIN)) {
        examples.add(example(f, Route.UNCERTAIN));
      }
    }
    return examples;
  }

  private static TrainingExample example(Frame f, Route route) {
    return TrainingExample.newBuilder()
        .setFrame(f)
        .setLabel(f.getGroundTruth())
        .setOrigin(LabelOrigin.HUMAN)
        .setRoute(route)
        .setLabellerIds(List.of("l-1", "l-2"))
        .setAgreeingAnswers(2)
        .setActiveMillis(LABEL_MILLIS)
        .setCostCents(LABEL_CENTS)
        .build();
  }

  private static void process(
      KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, ModelVersion> harness,
      TrainingExample example) {
    try {
      harness.processElement(example, 0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
