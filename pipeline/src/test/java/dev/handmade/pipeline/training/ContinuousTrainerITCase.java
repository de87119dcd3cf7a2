package dev.handmade.pipeline.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.local.LocalS3Server;
import dev.handmade.storage.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer on Flink's operator test harness: a round trains on its own thread while the
 * operator goes on taking labels and checkpoints, and a round caught by a checkpoint runs again
 * after the restore, publishing one version, not two; a round that fails (the object store is
 * down) is tried again after a backoff, though no new label comes.
 */
class ContinuousTrainerITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final EvidenceSplit SPLIT = new EvidenceSplit(20, 2);
  private static final ContinuousTrainer.Settings SETTINGS =
      new ContinuousTrainer.Settings(100, Duration.ofMinutes(30), 100, SPLIT, 2, 0.9, 30);

  @Test
  void aRoundCaughtByACheckpointRunsAgainAfterTheRestoreAndPublishesOnce() throws Exception {
    ObjectStore store = S3.newStore();
    ModelRegistry registry = new ModelRegistry(store);
    List<TrainingExample> evidence = new ArrayList<>();
    List<TrainingExample> training = new ArrayList<>();
    for (Frame f : SensorSimulator.builder().seed(77).build().frames(0, 800)) {
      (SPLIT.isEvidence(f.getFrameId(), Route.UNCERTAIN) ? evidence : training).add(example(f));
    }

    OperatorSubtaskState midRound;
    try (var first = harness(store)) {
      first.open();
      first.setProcessingTime(0);
      for (TrainingExample e : evidence) {
        first.processElement(e, 0);
      }
      for (TrainingExample e : training.subList(0, 100)) {
        first.processElement(e, 0);
      }
      // the round has started on its own thread; the operator still takes labels and checkpoints
      for (TrainingExample e : training.subList(100, 150)) {
        first.processElement(e, 0);
      }
      midRound = first.snapshot(1, 1);
      assertThat(first.extractOutputValues())
          .as("nothing is published before the round ends")
          .isEmpty();
    }
    // closing cancelled the round: it stopped between two steps, or had published already

    try (var second = harness(store)) {
      second.initializeState(midRound);
      second.open();
      long[] now = {1};
      // the restored poll timer finds the round with no thread running it, and runs it again
      await()
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(200))
          .atMost(Duration.ofMinutes(3))
          .until(
              () -> {
                now[0] += 500;
                second.setProcessingTime(now[0]);
                return !second.extractOutputValues().isEmpty();
              });
    }

    List<ModelVersion> versions = registry.list();
    assertThat(versions).as("one version for round 1, however often it ran").hasSize(1);
    assertThat(versions.get(0).getTrainingRound()).isEqualTo(1L);
    assertThat(versions.get(0).getTrainingExamples())
        .as("trained on the labels the checkpoint put in the round")
        .isEqualTo(100);
    assertThat(registry.round(1)).isPresent();
  }

  @Test
  void aRoundThatFailsWhileTheObjectStoreIsDownIsTriedAgainWithoutNewLabels(@TempDir Path dir)
      throws Exception {
    LocalS3Server s3 =
        LocalS3Server.start(dir, "127.0.0.1", 0, "trainer-test", "trainer-test-secret");
    int port = s3.port();
    ObjectStore store = s3.storeBuilder().bucket("trainer-retry").build();
    store.createBucketIfAbsent();
    List<TrainingExample> evidence = new ArrayList<>();
    List<TrainingExample> training = new ArrayList<>();
    for (Frame f : SensorSimulator.builder().seed(78).build().frames(0, 400)) {
      (SPLIT.isEvidence(f.getFrameId(), Route.UNCERTAIN) ? evidence : training).add(example(f));
    }
    try (var trainer = harness(store)) {
      trainer.open();
      trainer.setProcessingTime(0);
      evidence.forEach(e -> process(trainer, e));
      training.subList(0, 100).forEach(e -> process(trainer, e));
      // the round has started; the store goes away under it
      s3.close();
      long[] now = {0};
      // the outage itself: 10 s (25 s of processing time), in which the round fails and is tried
      // again
      for (int i = 0; i < 50; i++) {
        now[0] += 500;
        trainer.setProcessingTime(now[0]);
        Thread.sleep(200);
      }
      assertThat(trainer.extractOutputValues()).isEmpty();

      // the store is back; no label comes, and the periodic round (30 minutes) is not reached
      s3 = LocalS3Server.start(dir, "127.0.0.1", port, "trainer-test", "trainer-test-secret");
      await()
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(200))
          .atMost(Duration.ofMinutes(3))
          .until(
              () -> {
                now[0] = Math.min(now[0] + 2_000, Duration.ofMinutes(25).toMillis());
                trainer.setProcessingTime(now[0]);
                return !trainer.extractOutputValues().isEmpty();
              });
      assertThat(trainer.extractOutputValues().get(0).getTrainingExamples()).isEqualTo(100);
    } finally {
      store.close();
      s3.close();
    }
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

  private static KeyedOneInputStreamOperatorTestHarness<Integer, TrainingExample, ModelVersion>
      harness(ObjectStore store) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ContinuousTrainer(store.config(), SETTINGS)),
        e -> 0,
        Types.INT);
  }

  private static TrainingExample example(Frame f) {
    return TrainingExample.newBuilder()
        .setFrame(f)
        .setLabel(f.getGroundTruth())
        .setOrigin(LabelOrigin.HUMAN)
        .setRoute(Route.UNCERTAIN)
        .setLabellerIds(List.of("l-1", "l-2"))
        .setAgreeingAnswers(2)
        .build();
  }
}
