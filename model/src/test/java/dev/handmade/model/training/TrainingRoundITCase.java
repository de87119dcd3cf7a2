package dev.handmade.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.model.classifier.ConfidenceThreshold;
import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.registry.ModelRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gate: a candidate is published and deployed only if it is no worse than the deployed model. */
class TrainingRoundITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final SensorSimulator TRAINING = SensorSimulator.builder().seed(401).build();
  private static final SensorSimulator VERIFIED = SensorSimulator.builder().seed(402).build();
  private static final LabourSummary LABOUR =
      LabourSummary.newBuilder()
          .setHumanLabels(120)
          .setLabellerIds(List.of("l-1", "l-2"))
          .setActiveHours(1.5)
          .setCostCents(1800)
          .build();

  /**
   * One bootstrap, then the two kinds of candidate the gate must keep out: training from scratch
   * is the slow part, so they share it.
   */
  @Test
  void aFirstRoundTrainsFromScratchAndTheGateKeepsOutAWorseCandidateAndOneThatWouldDecideNothing() {
    ObjectStore store = S3.newStore();
    ModelRegistry registry = new ModelRegistry(store);
    TrainingRound round =
        new TrainingRound(
            new Trainer(Trainer.Config.defaults().withEpochs(3)),
            registry,
            new TrainingRound.Policy(0.9, 50));
    ReplayBuffer replay = new ReplayBuffer(1000, 1);
    List<TrainingExample> evidence = evidence(VERIFIED.frames(0, 700));

    TrainingRound.Outcome first =
        round.run(
            1, DatasetLabels.of(TRAINING.frames(0, 800)), replay, evidence, LABOUR, "bootstrap");
    assertThat(first.published()).isPresent();
    assertThat(first.parentEvaluation()).isEmpty();
    ModelVersion v1 = first.published().get();
    assertThat(v1.getVersion()).isEqualTo("v1");
    assertThat(v1.getParent()).isNull();
    assertThat(v1.getLabour().getHumanLabels()).isEqualTo(120);
    assertThat(v1.getConfidenceThreshold()).isEqualTo(first.confidenceThreshold());
    assertThat(first.confidenceThreshold())
        .as("the first version lets the machine decide")
        .isLessThan(ConfidenceThreshold.EVERYTHING_TO_PEOPLE);
    assertThat(registry.deployed()).contains("v1");

    // labels that are all wrong make a worse model: the gate must keep it out
    List<TrainingExample> poisoned =
        DatasetLabels.of(TRAINING.frames(800, 800)).stream()
            .map(e -> TrainingExample.newBuilder(e).setLabel(wrong(e.getLabel())).build())
            .toList();
    TrainingRound.Outcome bad = round.run(2, poisoned, replay, evidence, LABOUR, "poisoned");
    assertThat(bad.published()).isEmpty();
    assertThat(bad.verdict()).startsWith("rejected");
    assertThat(bad.candidateEvaluation().orElseThrow().getAccuracy())
        .isLessThan(bad.parentEvaluation().orElseThrow().getAccuracy());

    // 20 evidence frames are too few to trust any threshold: a candidate that would send every
    // frame to people does not replace one that decides
    TrainingRound.Outcome blind =
        round.run(
            3,
            DatasetLabels.of(TRAINING.frames(1600, 200)),
            new ReplayBuffer(1000, 3),
            evidence(VERIFIED.frames(0, 20)),
            LABOUR,
            "little evidence");
    assertThat(blind.confidenceThreshold()).isEqualTo(ConfidenceThreshold.EVERYTHING_TO_PEOPLE);
    assertThat(blind.published()).isEmpty();
    assertThat(blind.verdict())
        .contains("would send every frame to people")
        .contains("fewer than 50 effective");
    assertThat(registry.deployed()).contains("v1");
    assertThat(registry.versions()).containsExactly("v1");
  }

  @Test
  void aFineTunedChildRecordsItsParent() {
    ObjectStore store = S3.newStore();
    ModelRegistry registry = new ModelRegistry(store);
    TrainingRound round =
        new TrainingRound(
            new Trainer(Trainer.Config.defaults().withEpochs(2)),
            registry,
            new TrainingRound.Policy(0.9, 30));
    ReplayBuffer replay = new ReplayBuffer(1000, 2);
    List<TrainingExample> evidence = evidence(VERIFIED.frames(0, 600));
    round.run(1, DatasetLabels.of(TRAINING.frames(0, 400)), replay, evidence, LABOUR, "bootstrap");

    // more labels make a child at least as good as its parent on the same evidence
    TrainingRound.Outcome second =
        round.run(
            2,
            DatasetLabels.of(TRAINING.frames(400, 600)),
            replay,
            evidence,
            LABOUR,
            "more labels");
    assertThat(second.published()).as(second.verdict()).isPresent();
    assertThat(second.published().get().getParent()).isEqualTo("v1");
    assertThat(registry.deployed()).contains("v2");
    assertThat(second.candidateEvaluation().orElseThrow().getAccuracy())
        .isGreaterThanOrEqualTo(second.parentEvaluation().orElseThrow().getAccuracy());
    assertThat(replay.seen()).isEqualTo(1000);
  }

  private static ObjectClass wrong(ObjectClass c) {
    ObjectClass[] all = ObjectClass.values();
    return all[(c.ordinal() + 3) % all.length];
  }

  @Test
  void aRoundRunAgainAfterARestartFindsWhatItConcludedInsteadOfPublishingAgain() {
    ObjectStore store = S3.newStore();
    ModelRegistry registry = new ModelRegistry(store);
    TrainingRound round =
        new TrainingRound(
            new Trainer(Trainer.Config.defaults().withEpochs(2)),
            registry,
            new TrainingRound.Policy(0.9, 50));
    List<TrainingExample> evidence = evidence(VERIFIED.frames(0, 400));
    List<TrainingExample> labels = DatasetLabels.of(TRAINING.frames(0, 400));
    TrainingRound.Outcome first =
        round.run(7, labels, new ReplayBuffer(1000, 1), evidence, LABOUR, "round 7");
    assertThat(first.published()).isPresent();
    assertThat(first.published().get().getTrainingRound()).isEqualTo(7L);
    assertThat(registry.lastRound().orElseThrow().published()).isEqualTo("v1");

    ReplayBuffer replay = new ReplayBuffer(1000, 1);
    TrainingRound.Outcome again = round.run(7, labels, replay, evidence, LABOUR, "round 7 again");
    assertThat(again.published().orElseThrow().getVersion()).isEqualTo("v1");
    assertThat(again.candidateEvaluation()).as("nothing was trained again").isEmpty();
    assertThat(registry.versions()).containsExactly("v1");
    assertThat(replay.seen()).as("its labels still join the replay buffer").isEqualTo(400);

    // the version was published, then the round died before its record: the re-run adopts the
    // version
    store.delete(ModelRegistry.ROUNDS + "round-7.json");
    TrainingRound.Outcome adopted =
        round.run(7, labels, new ReplayBuffer(1000, 1), evidence, LABOUR, "again");
    assertThat(adopted.published().orElseThrow().getVersion()).isEqualTo("v1");
    assertThat(registry.versions()).containsExactly("v1");
    assertThat(registry.round(7)).isPresent();
  }

  /** Verified frames as the trainer keeps them for evidence: two people agreed on each. */
  private static List<TrainingExample> evidence(List<Frame> frames) {
    return DatasetLabels.of(frames).stream()
        .map(
            e ->
                TrainingExample.newBuilder(e)
                    .setOrigin(LabelOrigin.HUMAN)
                    .setRoute(Route.UNCERTAIN)
                    .setLabellerIds(List.of("l-1", "l-2"))
                    .setAgreeingAnswers(2)
                    .build())
        .toList();
  }
}
