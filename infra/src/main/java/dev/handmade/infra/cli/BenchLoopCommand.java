package dev.handmade.infra.cli;

import dev.handmade.audit.log.GrowingAuditLog;
import dev.handmade.infra.bench.BootstrapModel;
import dev.handmade.infra.bench.InferenceThroughput;
import dev.handmade.infra.bench.JobMetrics;
import dev.handmade.infra.bench.MachinePathReport;
import dev.handmade.infra.bench.TaskProfile;
import dev.handmade.infra.cluster.FlinkRestClient;
import dev.handmade.infra.stack.LocalStack;
import dev.handmade.infra.stack.StackSettings;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.pipeline.job.PipelineOptions;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.schema.Decision;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.Route;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;
import dev.handmade.storage.registry.Deployment;
import dev.handmade.storage.registry.LoadedModel;
import dev.handmade.storage.registry.ModelRegistry;
import dev.handmade.storage.registry.RoundRecord;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures the loop on this machine, its two paths apart.
 *
 * <p>The machine path: the whole job on a MiniCluster (validate, batched inference, router, audit
 * log, checkpoints every few seconds) with a bootstrapped model that decides most frames, the
 * simulator at full speed (replaying frames it rendered once, so that the source measures the job's
 * cost of taking a frame in, not the renderer's) and nobody answering, at each parallelism; its
 * frames/s into inference over successive windows, by Flink's own counters, against raw batched
 * inference of the same model and batch size in as many threads, measured just before it in the
 * same process; with each task's busy, back-pressured and idle time, and where the machine path
 * keeps less than 0.9 of raw inference, where the rest goes.
 *
 * <p>The human path: the loop runs twice with simulated labellers at a given frame rate, from no
 * model (a cold start, as a new deployment does) and from a bootstrapped model, each in a bucket of
 * its own; it prints how long people take from routing to a verified label and the job from the
 * label to the decision, and how long a human label takes to be live (from its verification to the
 * deployment of the first version trained on it, split into the wait for a round and the round).
 */
@Command(
    name = "bench-loop",
    mixinStandardHelpOptions = true,
    description =
        "Print the machine path's throughput against raw batched inference at parallelism 1 and 2, with "
            + "each task's busy time; then the human path's latency and label-to-live-model latency, from a cold start "
            + "and from a bootstrapped model.")
final class BenchLoopCommand implements Callable<Integer> {

  /** The two parts of the benchmark. */
  enum Part {
    machine,
    human
  }

  @Option(
      names = "--paths",
      split = ",",
      defaultValue = "machine,human",
      description = "Which paths to measure (default: ${DEFAULT-VALUE}).")
  Set<Part> paths = EnumSet.allOf(Part.class);

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Inference batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--bootstrap-frames",
      defaultValue = "1500",
      description =
          "Simulated frames the bootstrapped model is trained on before a run starts "
              + "(default: ${DEFAULT-VALUE}); the human path's cold-start run starts without a model.")
  int bootstrapFrames;

  @Option(
      names = "--parallelism",
      split = ",",
      defaultValue = "1,2",
      description = "Machine path: parallelisms to measure (default: ${DEFAULT-VALUE}).")
  int[] parallelisms;

  @Mixin ReplayedFramesOption replay = new ReplayedFramesOption();

  @Option(
      names = "--warmup-seconds",
      defaultValue = "20",
      description =
          "Machine path: running time of the job before measuring (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = "--windows",
      defaultValue = "3",
      description =
          "Machine path: measuring windows, of the job and of raw inference each "
              + "(default: ${DEFAULT-VALUE}).")
  int windows;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Machine path: length of a measuring window (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--checkpoint-seconds",
      defaultValue = "5",
      description = "Machine path: checkpoint interval (default: ${DEFAULT-VALUE}).")
  int checkpointSeconds;

  @Option(
      names = "--frames",
      defaultValue = "3000",
      description = "Human path: frames through the job in each run (default: ${DEFAULT-VALUE}).")
  int frames;

  @Option(
      names = "--labellers",
      defaultValue = "6",
      description = "Human path: simulated labellers (default: ${DEFAULT-VALUE}).")
  int labellers;

  @Option(
      names = "--retrain-every-labels",
      defaultValue = "100",
      description = "Human path: labels per retraining round (default: ${DEFAULT-VALUE}).")
  int retrainEvery;

  @Option(
      names = "--frames-per-second",
      defaultValue = "20",
      description =
          "Human path: simulated frames per second into the job (default: ${DEFAULT-VALUE}).")
  double framesPerSecond;

  @Option(names = "--data", description = "Working folder (default: a new temporary one).")
  Path data;

  private static final long SEED = 31;
  private static final String MACHINE_BUCKET = "machine";

  /** What one run of the loop measured. */
  private record Phase(
      String name,
      List<Decision> decisions,
      List<HumanLabel> labels,
      List<Long> labelToLive,
      List<Long> waitForRound,
      List<Long> roundDurations,
      int versionsDeployed) {}

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : Files.createTempDirectory("handmade-bench-");
    int cores = Runtime.getRuntime().availableProcessors();
    try (LocalS3Server s3 =
        LocalS3Server.start(dir.resolve("s3"), "127.0.0.1", 0, "bench", "bench-secret-key")) {
      List<MachinePathReport.Run> machine =
          paths.contains(Part.machine) ? machinePath(s3, dir) : List.of();
      List<Phase> human = new ArrayList<>();
      if (paths.contains(Part.human)) {
        human.add(humanPath(s3, dir, "cold", 0));
        human.add(humanPath(s3, dir, "bootstrapped", bootstrapFrames));
      }

      System.out.println();
      System.out.printf(
          "cores %d, load average %.1f at the end, batch size %d%n",
          cores, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), batchSize);
      if (!machine.isEmpty()) {
        System.out.printf(
            "machine path: the job on a MiniCluster, simulator at full speed (%s), bootstrapped "
                + "model, nobody answering, checkpoints every %d s; frames/s into inference against raw batched inference "
                + "of the same model and batch size in as many threads; median of %d windows of %d s, range in "
                + "brackets%n",
            replay.describe(), checkpointSeconds, windows, seconds);
        MachinePathReport.lines(machine, cores).forEach(System.out::println);
      }
      for (Phase phase : human) {
        printHumanPath(phase);
      }
      return 0;
    }
  }

  /** The job with a bootstrapped model at each parallelism, each just after raw inference in as many threads. */
  private List<MachinePathReport.Run> machinePath(LocalS3Server s3, Path dir) throws Exception {
    try (ObjectStore store = s3.storeBuilder().bucket(MACHINE_BUCKET).build()) {
      store.createBucketIfAbsent();
      ModelRegistry registry = new ModelRegistry(store);
      System.out.printf(
          "[machine] training the model on %d simulated frames ...%n", bootstrapFrames);
      BootstrapModel.publish(registry, bootstrapFrames, SEED);
      LoadedModel deployed =
          registry
              .loadDeployed()
              .orElseThrow(
                  () -> new IllegalStateException("the bootstrapped model was not deployed"));
      List<Frame> pool = SensorSimulator.builder().seed(SEED).build().frames(0, 512);
      List<MachinePathReport.Run> runs = new ArrayList<>();
      for (int p : parallelisms) {
        System.out.printf(
            "[machine p%d] raw batched inference of %s in %d threads, %d windows of %d s ...%n",
            p, deployed.version().getVersion(), p, windows, seconds);
        List<Double> raw =
            InferenceThroughput.measureWindows(
                pool,
                batchSize,
                p,
                windows,
                seconds,
                () ->
                    FrameClassifier.fromBytes(
                            deployed.modelBytes(), deployed.version().getVersion())
                        ::predict);
        System.out.printf("[machine p%d] raw %s frames/s; starting the job ...%n", p, raw);
        int restPort = freePort();
        Map<String, String> options = new HashMap<>(JobMetrics.CLUSTER_CONFIGURATION);
        options.put(PipelineOptions.INFERENCE_BATCH_SIZE.key(), Integer.toString(batchSize));
        replay.addTo(options);
        // the MiniCluster's REST API, for Flink's own metrics
        options.put("rest.bind-address", "127.0.0.1");
        options.put("rest.address", "127.0.0.1");
        options.put("rest.bind-port", Integer.toString(restPort));
        options.put("rest.port", Integer.toString(restPort));
        // far more than the job can take: the source runs as fast as the job lets it
        StackSettings settings =
            new StackSettings(
                dir.resolve("machine-p" + p),
                s3.endpoint(),
                s3.accessKey(),
                s3.secretKey(),
                MACHINE_BUCKET,
                0,
                null,
                null,
                null,
                0,
                "simulator",
                1_000_000,
                Long.MAX_VALUE,
                SEED + p,
                new SimulatedLabellers.Crowd(0, 0.95, 4, 0.005, SEED),
                p,
                Duration.ofSeconds(checkpointSeconds),
                options,
                null);
        try (LocalStack stack = LocalStack.start(settings)) {
          JobMetrics metrics =
              JobMetrics.ofOnlyJob(
                  new FlinkRestClient(URI.create("http://127.0.0.1:" + restPort)),
                  Duration.ofMinutes(2));
          metrics.awaitAllRunning(Duration.ofMinutes(3));
          Thread.sleep(warmupSeconds * 1000L);
          JobMetrics.Throughput job;
          Map<TaskProfile.Activity, Double> profile;
          try (TaskProfile inference =
              TaskProfile.start(MachinePathReport.INFERENCE, Duration.ofMillis(20))) {
            job =
                metrics.throughput(
                    MachinePathReport.INFERENCE, windows, Duration.ofSeconds(seconds));
            profile = inference.shares();
          }
          // with nobody answering, the audit log receives the machine's decisions only
          double machineShare =
              (double) metrics.recordsIn("audit log")
                  / metrics.recordsIn(MachinePathReport.INFERENCE);
          if (job.restarts() != 0) {
            // a figure taken across a restart measures the failure, not the job
            System.out.printf(
                "[machine p%d] the job restarted %d times while measured; no figure: %s%n",
                p, job.restarts(), metrics.describeState());
            continue;
          }
          System.out.printf(
              "[machine p%d] job %s frames/s, %d checkpoints completed; about %.0f%% of frames decided "
                  + "by the machine%n",
              p, job.framesPerSecond(), job.checkpoints(), 100 * machineShare);
          runs.add(
              new MachinePathReport.Run(
                  p, job.framesPerSecond(), raw, job.loads(), job.checkpoints(), profile));
        }
      }
      return runs;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Runs the loop on {@code frames} frames in a bucket of its own, from no model or from a bootstrapped one. */
  private Phase humanPath(LocalS3Server s3, Path dir, String name, int bootstrap) throws Exception {
    try (ObjectStore store = s3.storeBuilder().bucket(name).build()) {
      store.createBucketIfAbsent();
      ModelRegistry registry = new ModelRegistry(store);
      if (bootstrap > 0) {
        System.out.printf(
            "[%s] training the first model on %d simulated frames ...%n", name, bootstrap);
        BootstrapModel.publish(registry, bootstrap, SEED);
      }
      System.out.printf(
          "[%s] running the job on %d frames with %d simulated labellers ...%n",
          name, frames, labellers);
      Map<String, String> options = new HashMap<>();
      options.put(PipelineOptions.INFERENCE_BATCH_SIZE.key(), Integer.toString(batchSize));
      options.put(PipelineOptions.RETRAIN_EVERY_LABELS.key(), Integer.toString(retrainEvery));
      options.put(PipelineOptions.REGISTRY_POLL_INTERVAL.key(), "500 ms");
      StackSettings settings =
          new StackSettings(
              dir.resolve(name),
              s3.endpoint(),
              s3.accessKey(),
              s3.secretKey(),
              name,
              0,
              null,
              null,
              null,
              0,
              "simulator",
              framesPerSecond,
              frames,
              SEED,
              new SimulatedLabellers.Crowd(labellers, 0.95, 4, 0.005, SEED),
              2,
              Duration.ofSeconds(1),
              options,
              null);
      GrowingAuditLog audit = new GrowingAuditLog(store);
      List<Decision> decisions;
      try (LocalStack stack = LocalStack.start(settings)) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        decisions = audit.decisions();
        while (decisions.size() < frames && Instant.now().isBefore(deadline)) {
          Thread.sleep(2000);
          decisions = audit.decisions();
          System.out.printf(
              "[%s]  %d of %d frames decided, %.0f%% by the machine%n",
              name, decisions.size(), frames, 100 * machineShare(decisions));
        }
      }
      List<ModelVersion> versions = registry.list();
      List<RoundRecord> rounds = new ArrayList<>();
      for (long n = 1; n < registry.nextRoundNumber(); n++) {
        registry.round(n).ifPresent(rounds::add);
      }
      LabelTimes times = labelTimes(versions, registry.deploymentHistory(), audit.labels(), rounds);
      List<Long> durations =
          rounds.stream()
              .filter(r -> r.published() != null)
              .map(r -> Duration.between(r.started(), r.at()).toMillis())
              .sorted()
              .toList();
      return new Phase(
          name,
          decisions,
          audit.labels(),
          times.toLive(),
          times.waitForRound(),
          durations,
          (int) versions.stream().filter(v -> v.getTrainingRound() != null).count());
    }
  }

  private static void printHumanPath(Phase phase) {
    HumanLatency latency = humanLatency(phase.decisions(), phase.labels());
    System.out.printf(
        "human path (%s): %d decisions, %.0f%% by the machine; people from routing to a verified label "
            + "p50 %.1f s, p95 %.1f s (%d audit samples, whose routing time the audit log keeps); the job from a "
            + "verified label to people's decision p50 %.1f s, p95 %.1f s (%d decisions)%n",
        phase.name(),
        phase.decisions().size(),
        100 * machineShare(phase.decisions()),
        percentile(latency.routingToLabel(), 0.5) / 1000.0,
        percentile(latency.routingToLabel(), 0.95) / 1000.0,
        latency.routingToLabel().size(),
        percentile(latency.labelToDecision(), 0.5) / 1000.0,
        percentile(latency.labelToDecision(), 0.95) / 1000.0,
        latency.labelToDecision().size());
    if (phase.labelToLive().isEmpty()) {
      System.out.printf(
          "label to live model (%s):  no version trained on the run's labels was deployed%n",
          phase.name());
      return;
    }
    System.out.printf(
        "label to live model (%s):  p50 %.1f s, p95 %.1f s  (%d labels, %d versions deployed; plus up "
            + "to one registry poll, 0.5 s, until inference uses it)%n",
        phase.name(),
        percentile(phase.labelToLive(), 0.5) / 1000.0,
        percentile(phase.labelToLive(), 0.95) / 1000.0,
        phase.labelToLive().size(),
        phase.versionsDeployed());
    System.out.printf(
        "  where it goes: waiting for the round that takes the label p50 %.1f s, p95 %.1f s; a round "
            + "(train, calibrate, gate, publish) p50 %.1f s, p95 %.1f s%n",
        percentile(phase.waitForRound(), 0.5) / 1000.0,
        percentile(phase.waitForRound(), 0.95) / 1000.0,
        percentile(phase.roundDurations(), 0.5) / 1000.0,
        percentile(phase.roundDurations(), 0.95) / 1000.0);
  }

  private static double machineShare(List<Decision> decisions) {
    long machine =
        decisions.stream().filter(d -> d.getMachine() != null && d.getHuman() == null).count();
    return decisions.isEmpty() ? 0 : (double) machine / decisions.size();
  }

  /** The human path's two parts, in milliseconds, sorted. */
  record HumanLatency(List<Long> routingToLabel, List<Long> labelToDecision) {}

  /**
   * People's part of the human path, from routing to the verified label, measured on audit samples
   * (the machine's decision on them is logged when they are routed); and the job's part, from a
   * verified label to the decision it becomes.
   */
  static HumanLatency humanLatency(List<Decision> decisions, List<HumanLabel> labels) {
    Map<String, Instant> verifiedAt = new HashMap<>();
    labels.forEach(l -> verifiedAt.putIfAbsent(l.getFrameId(), l.getVerifiedAt()));
    List<Long> routingToLabel = new ArrayList<>();
    List<Long> labelToDecision = new ArrayList<>();
    for (Decision d : decisions) {
      Instant verified = verifiedAt.get(d.getFrameId());
      if (verified == null) {
        continue;
      }
      if (d.getHuman() != null) {
        labelToDecision.add(Duration.between(verified, d.getDecidedAt()).toMillis());
      } else if (d.getRoute() == Route.AUDIT_SAMPLE) {
        routingToLabel.add(Duration.between(d.getDecidedAt(), verified).toMillis());
      }
    }
    routingToLabel.sort(Comparator.naturalOrder());
    labelToDecision.sort(Comparator.naturalOrder());
    return new HumanLatency(routingToLabel, labelToDecision);
  }

  /** For each label a deployed version was trained on: verification to deployment, and to the start of its round. */
  record LabelTimes(List<Long> toLive, List<Long> waitForRound) {}

  /**
   * For each label that a version was trained on: from the label's verification to the version's
   * deployment (after which inference picks it up within one registry poll), and the part of that
   * spent waiting for the round that took it to start.
   */
  static LabelTimes labelTimes(
      List<ModelVersion> versions,
      List<Deployment> deployments,
      List<HumanLabel> labels,
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
      Instant started =
          v.getTrainingRound() == null ? null : roundStarted.get(v.getTrainingRound());
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
