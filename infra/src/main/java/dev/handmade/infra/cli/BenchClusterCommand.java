package dev.handmade.infra.cli;

import dev.handmade.infra.bench.BootstrapModel;
import dev.handmade.infra.bench.InferenceThroughput;
import dev.handmade.infra.bench.JobMetrics;
import dev.handmade.infra.bench.MachinePathReport;
import dev.handmade.infra.bench.OperatorLoad;
import dev.handmade.infra.cluster.FlinkDistribution;
import dev.handmade.infra.cluster.FlinkRestClient;
import dev.handmade.infra.cluster.LocalFlinkCluster;
import dev.handmade.infra.cluster.RemoteJob;
import dev.handmade.infra.cluster.S3FileSystemConfig;
import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.model.classifier.FrameClassifier;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.pipeline.job.PipelineOptions;
import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import dev.handmade.schema.Frame;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;
import dev.handmade.storage.registry.LoadedModel;
import dev.handmade.storage.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Throughput of the job on a Flink cluster of separate JVMs on this machine, at several
 * parallelisms: the simulator at full speed (replaying frames it rendered once) into a job whose
 * bootstrapped model decides most frames, measured by Flink's own counters on the inference
 * operator over a steady window, with each operator's busy and back-pressured time, next to raw
 * batched inference of the same model and batch size in one thread.
 */
@Command(
    name = "bench-cluster",
    mixinStandardHelpOptions = true,
    description =
        "Print the job's throughput on a local multi-process Flink cluster at parallelism 1, 2 and 4, "
            + "each operator's busy time, and raw batched inference of the same model for comparison.")
final class BenchClusterCommand implements Callable<Integer> {

  @Option(
      names = "--parallelism",
      split = ",",
      defaultValue = "1,2,4",
      description = "Parallelisms to measure (default: ${DEFAULT-VALUE}).")
  int[] parallelisms;

  @Mixin ReplayedFramesOption replay = new ReplayedFramesOption();

  @Option(
      names = "--task-managers",
      defaultValue = "2",
      description = "TaskManagers (default: ${DEFAULT-VALUE}).")
  int taskManagers;

  @Option(
      names = "--slots",
      defaultValue = "2",
      description = "Slots per TaskManager (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "20",
      description = "Running time before measuring (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = "--seconds",
      defaultValue = "30",
      description = "Measuring window (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Inference batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--bootstrap-frames",
      defaultValue = "1500",
      description = "Simulated frames the model is trained on first (default: ${DEFAULT-VALUE}).")
  int bootstrapFrames;

  @Option(names = "--data", description = "Working folder (default: a new temporary one).")
  Path data;

  private static final long SEED = 31;
  private static final String BUCKET = "bench";
  private static final String ACCESS_KEY = "bench";
  private static final String SECRET_KEY = "bench-secret-key";

  /** One parallelism's figures. */
  private record Run(int parallelism, double framesPerSecond, List<OperatorLoad> loads) {}

  @Override
  public Integer call() throws Exception {
    Path dir = data != null ? data : Files.createTempDirectory("handmade-bench-cluster-");
    String pipelineToken = "bench-pipeline-token-0123456789";
    try (LocalS3Server s3 =
            LocalS3Server.start(dir.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        ObjectStore store = s3.storeBuilder().bucket(BUCKET).build();
        LabellingService service =
            LabellingService.start(
                ServiceConfig.builder()
                    .set("http.host", "127.0.0.1")
                    .set("http.port", 0)
                    .set("db.dataDir", dir.resolve("labelling-db").toString())
                    .set("bootstrap.adminToken", "bench-admin-token-0123456789")
                    .set("bootstrap.pipelineToken", pipelineToken)
                    .set("gold.rate", 0)
                    .build())) {
      store.createBucketIfAbsent();
      ModelRegistry registry = new ModelRegistry(store);
      System.out.printf("training the first model on %d simulated frames ...%n", bootstrapFrames);
      BootstrapModel.publish(registry, bootstrapFrames, SEED);
      LoadedModel deployed =
          registry
              .loadDeployed()
              .orElseThrow(
                  () -> new IllegalStateException("the bootstrapped model was not deployed"));
      FrameClassifier model =
          FrameClassifier.fromBytes(deployed.modelBytes(), deployed.version().getVersion());
      List<Frame> pool = SensorSimulator.builder().seed(SEED).build().frames(0, 512);
      InferenceThroughput.Result raw =
          InferenceThroughput.measure(pool, batchSize, seconds, model::predict);

      System.out.printf(
          "starting a cluster of %d TaskManagers with %d slots each ...%n", taskManagers, slots);
      Map<String, String> configuration =
          new HashMap<>(S3FileSystemConfig.of(s3.endpoint(), ACCESS_KEY, SECRET_KEY));
      configuration.putAll(JobMetrics.CLUSTER_CONFIGURATION);
      List<Run> runs = new ArrayList<>();
      try (LocalFlinkCluster cluster =
          LocalFlinkCluster.start(
              new LocalFlinkCluster.Settings(
                  FlinkDistribution.locate(),
                  dir.resolve("flink"),
                  0,
                  taskManagers,
                  slots,
                  configuration))) {
        FlinkRestClient rest = cluster.rest();
        for (int p : parallelisms) {
          runs.add(
              measure(rest, p, s3.endpoint(), "http://127.0.0.1:" + service.port(), pipelineToken));
        }
      }

      System.out.println();
      System.out.printf(
          "cores %d; model %s; batch size %d; %d TaskManagers x %d slots, separate JVMs on this machine;"
              + " simulator: %s%n",
          Runtime.getRuntime().availableProcessors(),
          deployed.version().getVersion(),
          batchSize,
          taskManagers,
          slots,
          replay.describe());
      System.out.printf(
          "raw batched inference, one thread:  %8.1f frames/s%n", raw.framesPerSecond());
      for (Run run : runs) {
        System.out.printf(
            "job at parallelism %d:               %8.1f frames/s  (%.3f of raw inference)%n",
            run.parallelism(),
            run.framesPerSecond(),
            run.framesPerSecond() / raw.framesPerSecond());
        run.loads()
            .forEach(
                load ->
                    System.out.printf(
                        "    %-60s busy %5.1f%% (busiest subtask %5.1f%%)  back-pressured %5.1f%%%n",
                        load.name().length() > 60
                            ? load.name().substring(0, 57) + "..."
                            : load.name(),
                        100 * load.busyShare(),
                        100 * load.busiestSubtaskShare(),
                        100 * load.backPressuredShare()));
      }
      return 0;
    }
  }

  private Run measure(
      FlinkRestClient rest, int parallelism, String s3Endpoint, String serviceUrl, String token)
      throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    options.put(PipelineOptions.S3_ENDPOINT.key(), s3Endpoint);
    options.put(PipelineOptions.S3_ACCESS_KEY.key(), ACCESS_KEY);
    options.put(PipelineOptions.S3_SECRET_KEY.key(), SECRET_KEY);
    options.put(PipelineOptions.S3_BUCKET.key(), BUCKET);
    options.put(PipelineOptions.FRAME_SOURCE.key(), "simulator");
    options.put(PipelineOptions.SIMULATOR_SEED.key(), Long.toString(SEED + parallelism));
    // far more than the job can take: the source runs as fast as the job lets it
    options.put(PipelineOptions.SIMULATOR_RATE.key(), "1000000");
    replay.addTo(options);
    options.put(PipelineOptions.INFERENCE_BATCH_SIZE.key(), Integer.toString(batchSize));
    options.put(LabellingConnectorOptions.BASE_URL.key(), serviceUrl);
    options.put(LabellingConnectorOptions.TOKEN.key(), token);
    options.put("execution.checkpointing.interval", "5 s");
    options.put(
        "execution.checkpointing.dir",
        "s3://" + BUCKET + "/" + RemoteJob.CHECKPOINTS_PREFIX + "p" + parallelism);
    System.out.printf(
        "[parallelism %d] submitting the job jar through the REST API ...%n", parallelism);
    RemoteJob job =
        RemoteJob.submit(
            rest, FlinkDistribution.builtJobJar(), options, parallelism, Optional.empty());
    try {
      JobMetrics metrics = new JobMetrics(rest, job.jobId());
      metrics.awaitAllRunning(Duration.ofMinutes(3));
      Thread.sleep(warmupSeconds * 1000L);
      JobMetrics.Throughput window =
          metrics.throughput(MachinePathReport.INFERENCE, 1, Duration.ofSeconds(seconds));
      double rate = window.framesPerSecond().get(0);
      if (window.restarts() != 0 || !job.state().equals("RUNNING")) {
        // a figure taken across a restart measures the failure, not the job
        System.out.printf(
            "[parallelism %d] the job restarted %d times while measured; no figure: %s%n",
            parallelism, window.restarts(), metrics.describeState());
        rate = Double.NaN;
      }
      System.out.printf(
          "[parallelism %d] %.1f frames/s into inference over %d s%n", parallelism, rate, seconds);
      return new Run(parallelism, rate, window.loads());
    } finally {
      job.cancel();
      for (int i = 0;
          i < 120 && !List.of("CANCELED", "FAILED", "FINISHED").contains(job.state());
          i++) {
        Thread.sleep(500);
      }
    }
  }
}
