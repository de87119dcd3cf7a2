package dev.handmade.infra.cli;

import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.model.training.DatasetLabels;
import dev.handmade.model.training.TrainingRound;
import dev.handmade.schema.ClassMetrics;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.TrainingExample;
import dev.handmade.storage.registry.ModelRegistry;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The model half of the loop on its own, until the Flink job lands: simulate frames, train (or
 * fine-tune the deployed model), calibrate, gate against the deployed model, publish and
 * deploy. Each run is one round; state lives in the registry under the data folder, so running
 * it again continues from the deployed version.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Train, calibrate, gate and publish one model version on simulated frames (the model half of the loop).")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--frames",
      defaultValue = "3000",
      description = "Simulated frames to train on in this round (default: ${DEFAULT-VALUE}).")
  int frames;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      description = "Simulator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--target-accuracy",
      defaultValue = "0.95",
      description =
          "Accuracy machine decisions must reach; sets the threshold (default: ${DEFAULT-VALUE}).")
  double targetAccuracy;

  @Mixin DataFolderOptions store = new DataFolderOptions();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    try (ObjectStoreOptions.Opened opened = store.open()) {
      ModelRegistry registry = new ModelRegistry(opened.store());
      out.printf(
          "object store: %s, bucket %s%n", opened.store().endpoint(), opened.store().bucket());
      int round = registry.versions().size();
      // frames of earlier rounds are regenerated from the seed rather than stored: the simulator is
      // deterministic
      SensorSimulator training = SensorSimulator.builder().seed(seed).build();
      SensorSimulator verified = SensorSimulator.builder().seed(seed + 1).build();
      List<TrainingExample> fresh =
          DatasetLabels.of(training.frames((long) round * frames, frames));
      ReplayBuffer replay = new ReplayBuffer(2000, seed);
      if (round > 0) {
        replay.addAll(
            DatasetLabels.of(
                training.frames(
                    Math.max(0, (long) round * frames - 2000), Math.min(2000, round * frames))));
      }
      List<TrainingExample> evidence = DatasetLabels.of(verified.frames(0, 1600));

      out.printf(
          "round %d: %s on %d simulated frames%n",
          round + 1,
          registry.deployed().map(v -> "fine-tuning " + v).orElse("training from scratch"),
          frames);
      TrainingRound.Outcome outcome =
          new TrainingRound(
                  new Trainer(Trainer.Config.defaults()),
                  registry,
                  TrainingRound.Policy.defaults().withTargetAccuracy(targetAccuracy))
              .run(
                  registry.nextRoundNumber(),
                  fresh,
                  replay,
                  evidence,
                  noHumanLabour(),
                  frames
                      + " simulated frames with ground truth (seed "
                      + seed
                      + ", round "
                      + (round + 1)
                      + ")");
      print(out, outcome, registry);
      return 0;
    }
  }

  /** Simulator ground truth: no person labelled these frames, and the record says so. */
  private static LabourSummary noHumanLabour() {
    return LabourSummary.newBuilder()
        .setHumanLabels(0)
        .setLabellerIds(List.of())
        .setActiveHours(0)
        .setCostCents(0)
        .build();
  }

  private static void print(
      PrintStream out, TrainingRound.Outcome outcome, ModelRegistry registry) {
    out.println(outcome.verdict());
    if (outcome.candidateEvaluation().isEmpty()) {
      return;
    }
    Evaluation e = outcome.candidateEvaluation().get();
    out.printf(
        "accuracy on the evidence %.4f, expected calibration error %.4f, temperature %.3f%n",
        e.getAccuracy(), e.getExpectedCalibrationError(), outcome.temperature());
    out.printf(
        "confidence threshold for %.0f%% machine accuracy: %.4f%n",
        100 * registry.latest().map(ModelVersion::getTargetAccuracy).orElse(0.0),
        outcome.confidenceThreshold());
    out.println("class          precision  recall  support");
    for (ClassMetrics m : e.getPerClass()) {
      out.printf(
          "%-14s %9.3f %7.3f %8d%n",
          m.getObjectClass().name().toLowerCase(), m.getPrecision(), m.getRecall(), m.getSupport());
    }
    out.println("registry:");
    String deployed = registry.deployed().orElse("");
    for (ModelVersion v : registry.list()) {
      out.printf(
          "  %s%s  parent %-4s accuracy %.4f  threshold %.4f  human labels %d%n",
          v.getVersion(),
          v.getVersion().equals(deployed) ? " (deployed)" : "",
          v.getParent() == null ? "-" : v.getParent(),
          v.getEvaluation().getAccuracy(),
          v.getConfidenceThreshold(),
          v.getLabour().getHumanLabels());
    }
  }
}
