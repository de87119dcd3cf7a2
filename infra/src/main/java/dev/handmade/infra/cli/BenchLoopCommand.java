package dev.handmade.infra.cli;

import dev.handmade.infra.bench.BootstrapModel;
import dev.handmade.infra.bench.InferenceThroughput;
import dev.handmade.infra.stack.LocalStack;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.classifier.ReplayBuffer;
import dev.handmade.model.classifier.Trainer;
import dev.handmade.storage.registry.Deployment;
import dev.handmade.storage.registry.LoadedModel;
import dev.handmade.storage.registry.ModelRegistry;
import dev.handmade.storage.registry.RoundRecord;
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
 * Measures the loop on this machine, in one command: the loop runs twice, from no model (a cold
 * start, as a new deployment does) and from a bootstrapped model, each in a bucket of its own.
 * It prints how long a human label takes to be live in each (from the label's verification to the
 * deployment of the first version trained on it, split into the wait for a round and the round
 * itself), raw batched DL4J inference throughput of the bootstrapped run's final model, and the
 * job's end-to-end throughput with that model and batch size (frames in to final decisions).
 */
@Command(name = "bench-loop", mixinStandardHelpOptions = true,
    description = "Print label-to-live-model latency (p50, p95) from a cold start and from a bootstrapped model, "
        + "and inference versus end-to-end throughput.")
final class BenchLoopCommand implements Callable<Integer> {

  @Option(names = "--frames", defaultValue = "5000",
      description = "Frames through the job in each run (default: ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--batch-size", defaultValue = "32", description = "Inference batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--bootstrap-frames", defaultValue = "1500",
      description = "Simulated frames the bootstrapped run's first model is trained on before it starts "
          + "(default: ${DEFAULT-VALUE}); the cold-start run starts without a model.")
  int bootstrapFrames;

  @Option(names = "--labellers", defaultValue = "6", description = "Simulated labellers (default: ${DEFAULT-VALUE}).")
  int labellers;

  @Option(names = "--retrain-every-labels", defaultValue = "100",
      description = "Labels per retraining round (default: ${DEFAULT-VALUE}).")
  int retrainEvery;

  @Option(names = "--seconds", defaultValue = "10", description = "Measuring time of raw inference (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--frames-per-second", defaultValue = "20",
      description = "Simulated frames per second into the job (default: ${DEFAULT-VALUE}; a large number floods it).")
  double framesPerSecond;

  @Option(names = "--data", description = "Working folder (default: a new temporary one).")
  Path data;

  private static final long SEED = 31;

  /** What one run of the loop measured. */
  private record Phase(String name, List<Decision> decisions, List<Long> labelToLive, List<Long> waitForRound,
      List<Long> roundDurations, int versionsDeployed, LoadedModel deployed) {}

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : Files.createTempDirectory("handmade-bench-");
    try (LocalS3Server s3 = LocalS3Server.start(dir.resolve("s3"), "127.0.0.1", 0, "bench", "bench-secret-key")) {
      Phase cold = run(s3, dir, "cold", 0);
      Phase bootstrapped = run(s3, dir, "bootstrapped", bootstrapFrames);

      // raw inference with the model deployed at the end, at the job's batch size
      LoadedModel deployed = bootstrapped.deployed();
      FrameClassifier model = FrameClassifier.fromBytes(deployed.modelBytes(), deployed.version().getVersion());
      List<Frame> pool = SensorSimulator.builder().seed(SEED).build().frames(0, 512);
      InferenceThroughput.Result raw = InferenceThroughput.measure(pool, batchSize, seconds, model::predict);

      List<Decision> decisions = bootstrapped.decisions();
      List<Instant> at = decisions.stream().map(Decision::getDecidedAt).sorted().toList();
      double span = Duration.between(at.get(0), at.get(at.size() - 1)).toMillis() / 1000.0;
      double endToEnd = decisions.size() / span;

      System.out.println();
      System.out.printf("cores %d, batch size %d, raw inference with %s (deployed at the end of the bootstrapped run)%n",
          Runtime.getRuntime().availableProcessors(), batchSize, deployed.version().getVersion());
      System.out.printf("raw batched inference:       %8.1f frames/s%n", raw.framesPerSecond());
      System.out.printf("job end to end:              %8.1f frames/s  (%d decisions in %.1f s, %.0f%% by the machine)%n",
          endToEnd, decisions.size(), span, 100 * machineShare(decisions));
      System.out.printf("ratio end to end / raw:      %8.3f%n", endToEnd / raw.framesPerSecond());
      for (Phase phase : List.of(cold, bootstrapped)) {
        printLabelToLive(phase);
      }
      return 0;
    }
  }

  /** Runs the loop on {@code frames} frames in a bucket of its own, from no model or from a bootstrapped one. */
  private Phase run(LocalS3Server s3, Path dir, String name, int bootstrap) throws Exception {
    try (ObjectStore store = s3.storeBuilder().bucket(name).build()) {
      store.createBucketIfAbsent();
      ModelRegistry registry = new ModelRegistry(store);
      if (bootstrap > 0) {
        System.out.printf("[%s] training the first model on %d simulated frames ...%n", name, bootstrap);
        BootstrapModel.publish(registry, bootstrap, SEED);
      }
      System.out.printf("[%s] running the job on %d frames with %d simulated labellers ...%n", name, frames, labellers);
      Map<String, String> options = new HashMap<>();
      options.put(PipelineOptions.INFERENCE_BATCH_SIZE.key(), Integer.toString(batchSize));
      options.put(PipelineOptions.RETRAIN_EVERY_LABELS.key(), Integer.toString(retrainEvery));
      options.put(PipelineOptions.REGISTRY_POLL_INTERVAL.key(), "500 ms");
      LocalStack.Settings settings = new LocalStack.Settings(dir.resolve(name), s3.endpoint(), s3.accessKey(),
          s3.secretKey(), name, 0, null, null, null, 0, "simulator", framesPerSecond, frames, SEED,
          new SimulatedLabellers.Crowd(labellers, 0.95, 4, 0.005, SEED), 2, Duration.ofSeconds(1), options, null);
      AuditLogTail audit = new AuditLogTail(store);
      List<Decision> decisions;
      try (LocalStack stack = LocalStack.start(settings)) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        decisions = audit.decisions();
        while (decisions.size() < frames && Instant.now().isBefore(deadline)) {
          Thread.sleep(2000);
          decisions = audit.decisions();
          System.out.printf("[%s]  %d of %d frames decided, %.0f%% by the machine%n", name, decisions.size(), frames,
              100 * machineShare(decisions));
        }
      }
      List<ModelVersion> versions = registry.list();
      List<RoundRecord> rounds = new ArrayList<>();
      for (long n = 1; n < registry.nextRoundNumber(); n++) {
        registry.round(n).ifPresent(rounds::add);
      }
      LabelTimes times = labelTimes(versions, registry.deploymentHistory(), audit.labels(), rounds);
      List<Long> durations = rounds.stream().filter(r -> r.published() != null)
          .map(r -> Duration.between(r.started(), r.at()).toMillis()).sorted().toList();
      LoadedModel deployed = registry.loadDeployed().orElseThrow(
          () -> new IllegalStateException("no model was deployed during the " + name + " run"));
      return new Phase(name, decisions, times.toLive(), times.waitForRound(), durations,
          (int) versions.stream().filter(v -> v.getTrainingRound() != null).count(), deployed);
    }
  }

  private static void printLabelToLive(Phase phase) {
    if (phase.labelToLive().isEmpty()) {
      System.out.printf("label to live model (%s):  no version trained on the run's labels was deployed%n",
          phase.name());
      return;
    }
    System.out.printf("label to live model (%s):  p50 %.1f s, p95 %.1f s  (%d labels, %d versions deployed; plus up "
            + "to one registry poll, 0.5 s, until inference uses it)%n", phase.name(),
        percentile(phase.labelToLive(), 0.5) / 1000.0, percentile(phase.labelToLive(), 0.95) / 1000.0,
        phase.labelToLive().size(), phase.versionsDeployed());
    System.out.printf("  where it goes: waiting for the round that takes the label p50 %.1f s, p95 %.1f s; a round "
            + "(train, calibrate, gate, publish) p50 %.1f s, p95 %.1f s%n",
        percentile(phase.waitForRound(), 0.5) / 1000.0, percentile(phase.waitForRound(), 0.95) / 1000.0,
        percentile(phase.roundDurations(), 0.5) / 1000.0, percentile(phase.roundDurations(), 0.95) / 1000.0);
  }

  private static double machineShare(List<Decision> decisions) {
    long machine = decisions.stream().filter(d -> d.getMachine() != null && d.getHuman() == null).count();
    return decisions.isEmpty() ? 0 : (double) machine / decisions.size();
  }

  /** For each label a deployed version was trained on: verification to deployment, and to the start of its round. */
  record LabelTimes(List<Long> toLive, List<Long> waitForRound) {}

  /**
   * For each label that a version was trained on: from the label's verification to the version's
   * deployment (after which inference picks it up within one registry poll), and the part of that
   * spent waiting for the round that took it to start.
   */
  static LabelTimes labelTimes(List<ModelVersion> versions, List<Deployment> deployments, List<HumanLabel> labels,
      List<RoundRecord> rounds) {
    Map<String, Instant> liveAt = new HashMap<>();
    for (Deployment d : deployments) {
      if (d.kind() == Deployment.Kind.DEPLOY) {
        liveAt.putIfAbsent(d.version(), d.at());
      }
    }
    Map<Long, Instant> roundStarted = new HashMap<>();
    rounds.forEach(r -> roundStarted.put(r.round(), r.started()));
    Map<String, Instant> verifiedAt = new HashMap<>();
    labels.forEach(l -> verifiedAt.putIfAbsent(l.getFrameId(), l.getVerifiedAt()));
    List<Long> toLive = new ArrayList<>();
    List<Long> waiting = new ArrayList<>();
    for (ModelVersion v : versions) {
      Instant live = liveAt.get(v.getVersion());
      if (live == null) {
        continue;
      }
      Instant started = v.getTrainingRound() == null ? null : roundStarted.get(v.getTrainingRound());
      for (String frameId : v.getTrainingFrameIds()) {
        Instant verified = verifiedAt.get(frameId);
        if (verified != null) {
          toLive.add(Duration.between(verified, live).toMillis());
          if (started != null) {
            waiting.add(Math.max(0, Duration.between(verified, started).toMillis()));
          }
        }
      }
    }
    toLive.sort(Comparator.naturalOrder());
    waiting.sort(Comparator.naturalOrder());
    return new LabelTimes(toLive, waiting);
  }

  private static double percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }
}
