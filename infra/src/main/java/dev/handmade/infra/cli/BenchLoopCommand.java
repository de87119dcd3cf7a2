package dev.handmade.infra.cli;

import dev.handmade.infra.bench.InferenceThroughput;
import dev.handmade.infra.stack.LocalStack;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.storage.registry.Deployment;
import dev.handmade.storage.registry.LoadedModel;
import dev.handmade.storage.registry.ModelRegistry;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;
import dev.handmade.model.training.TrainingRound;
import dev.handmade.pipeline.audit.AuditLogTail;
import dev.handmade.pipeline.job.PipelineOptions;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.schema.Decision;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.TrainingExample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the loop on this machine, in one run: raw batched DL4J inference throughput of a
 * deployed model, the job's end-to-end throughput with that model and batch size (frames in to
 * final decisions in the audit log), their ratio, and how long a human label takes to be live:
 * from the label's verification to the first decision made by the model version trained on it.
 */
@Command(name = "bench-loop", mixinStandardHelpOptions = true,
    description = "Print inference versus end-to-end throughput and label-to-live-model latency (p50, p95).")
final class BenchLoopCommand implements Callable<Integer> {

  @Option(names = "--frames", defaultValue = "10000", description = "Frames through the job (default: ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--batch-size", defaultValue = "32", description = "Inference batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--bootstrap-frames", defaultValue = "1500",
      description = "Simulated frames the first model is trained on before the run (default: ${DEFAULT-VALUE});"
          + " 0 starts the loop without a model, as a new deployment does.")
  int bootstrapFrames;

  @Option(names = "--labellers", defaultValue = "6", description = "Simulated labellers (default: ${DEFAULT-VALUE}).")
  int labellers;

  @Option(names = "--retrain-every-labels", defaultValue = "100",
      description = "Labels per retraining round (default: ${DEFAULT-VALUE}).")
  int retrainEvery;

  @Option(names = "--seconds", defaultValue = "10", description = "Measuring time of raw inference (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--data", description = "Working folder (default: a new temporary one).")
  Path data;

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : Files.createTempDirectory("handmade-bench-");
    long seed = 31;
    try (LocalS3Server s3 = LocalS3Server.start(dir.resolve("s3"), "127.0.0.1", 0, "bench", "bench-secret-key");
        ObjectStore store = s3.storeBuilder().bucket("handmade").build()) {
      store.createBucketIfAbsent();
      ModelRegistry registry = new ModelRegistry(store);

      if (bootstrapFrames > 0) {
        System.out.printf("training the first model on %d simulated frames ...%n", bootstrapFrames);
        SensorSimulator bootstrap = SensorSimulator.builder().seed(seed + 1).build();
        List<TrainingExample> examples = labelled(bootstrap.frames(0, bootstrapFrames));
        List<TrainingExample> verified = labelled(SensorSimulator.builder().seed(seed + 2).build().frames(0, 800));
        new TrainingRound(new Trainer(Trainer.Config.defaults()), registry, TrainingRound.Policy.defaults())
            .run(registry.nextRoundNumber(), examples, new ReplayBuffer(3000, seed), verified,
                LabourSummary.newBuilder().setHumanLabels(0).setLabellerIds(List.of()).setActiveHours(0)
                    .setCostCents(0).build(), "benchmark bootstrap");
      }

      System.out.printf("running the job on %d frames with %d simulated labellers ...%n", frames, labellers);
      Map<String, String> options = new HashMap<>();
      options.put(PipelineOptions.INFERENCE_BATCH_SIZE.key(), Integer.toString(batchSize));
      options.put(PipelineOptions.RETRAIN_EVERY_LABELS.key(), Integer.toString(retrainEvery));
      options.put(PipelineOptions.REGISTRY_POLL_INTERVAL.key(), "500 ms");
      LocalStack.Settings settings = new LocalStack.Settings(dir, s3.endpoint(), s3.accessKey(), s3.secretKey(),
          "handmade", 0, null, null, null, 0, "simulator", 100_000, frames, seed,
          new SimulatedLabellers.Crowd(labellers, 0.98, 4, 0.005, seed), 2, Duration.ofSeconds(1), options);
      AuditLogTail audit = new AuditLogTail(store);
      List<Decision> decisions;
      try (LocalStack stack = LocalStack.start(settings)) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        decisions = audit.decisions();
        while (decisions.size() < frames && Instant.now().isBefore(deadline)) {
          Thread.sleep(2000);
          decisions = audit.decisions();
          System.out.printf("  %d of %d frames decided%n", decisions.size(), frames);
        }
      }

      // raw inference with the model deployed at the end, at the job's batch size
      LoadedModel deployed = registry.loadDeployed().orElseThrow(
          () -> new IllegalStateException("no model was deployed during the run: nothing to measure inference with"));
      FrameClassifier model = FrameClassifier.fromBytes(deployed.modelBytes(), deployed.version().getVersion());
      List<Frame> pool = SensorSimulator.builder().seed(seed).build().frames(0, 512);
      InferenceThroughput.Result raw = InferenceThroughput.measure(pool, batchSize, seconds, model::predict);

      List<Instant> at = decisions.stream().map(Decision::getDecidedAt).sorted().toList();
      double span = Duration.between(at.get(0), at.get(at.size() - 1)).toMillis() / 1000.0;
      double endToEnd = decisions.size() / span;
      long machine = decisions.stream().filter(d -> d.getMachine() != null && d.getHuman() == null).count();

      List<Long> latencies = labelToLiveMillis(registry.list(), registry.deploymentHistory(), audit.labels());

      System.out.println();
      System.out.printf("cores %d, batch size %d, raw inference with %s (deployed at the end)%n",
          Runtime.getRuntime().availableProcessors(), batchSize, deployed.version().getVersion());
      System.out.printf("raw batched inference:       %8.1f frames/s%n", raw.framesPerSecond());
      System.out.printf("job end to end:              %8.1f frames/s  (%d decisions in %.1f s, %.0f%% by the machine)%n",
          endToEnd, decisions.size(), span, 100.0 * machine / decisions.size());
      System.out.printf("ratio end to end / raw:      %8.3f%n", endToEnd / raw.framesPerSecond());
      if (latencies.isEmpty()) {
        System.out.println("label to live model:         no version trained on the run's labels passed the gate"
            + " (try more --frames: a version needs enough verified frames to set its threshold)");
      } else {
        System.out.printf("label to live model:         p50 %.1f s, p95 %.1f s  (%d labels, %d versions deployed in"
            + " the run; plus up to one registry poll, 0.5 s, until inference uses it)%n",
            percentile(latencies, 0.5) / 1000.0, percentile(latencies, 0.95) / 1000.0, latencies.size(),
            registry.list().size() - 1);
      }
      return 0;
    }
  }

  /**
   * For each label that a version was trained on: from the label's verification to the version's
   * deployment, after which inference picks it up within one registry poll.
   */
  static List<Long> labelToLiveMillis(List<ModelVersion> versions, List<Deployment> deployments,
      List<HumanLabel> labels) {
    Map<String, Instant> liveAt = new HashMap<>();
    for (Deployment d : deployments) {
      if (d.kind() == Deployment.Kind.DEPLOY) {
        liveAt.putIfAbsent(d.version(), d.at());
      }
    }
    Map<String, Instant> verifiedAt = new HashMap<>();
    labels.forEach(l -> verifiedAt.putIfAbsent(l.getFrameId(), l.getVerifiedAt()));
    List<Long> out = new ArrayList<>();
    for (ModelVersion v : versions) {
      Instant live = liveAt.get(v.getVersion());
      if (live == null) {
        continue;
      }
      for (String frameId : v.getTrainingFrameIds()) {
        Instant verified = verifiedAt.get(frameId);
        if (verified != null) {
          out.add(Duration.between(verified, live).toMillis());
        }
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private static double percentile(List<Long> sorted, double q) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }

  private static List<TrainingExample> labelled(List<Frame> frames) {
    return frames.stream().map(f -> TrainingExample.newBuilder().setFrame(f).setLabel(f.getGroundTruth())
        .setOrigin(LabelOrigin.DATASET).build()).toList();
  }
}
