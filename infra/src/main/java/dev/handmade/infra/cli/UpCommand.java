package dev.handmade.infra.cli;

import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.config.LabellingOptions;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.model.registry.ModelRegistry;
import dev.handmade.pipeline.job.HandmadeJobMain;
import dev.handmade.pipeline.job.PipelineOptions;
import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The whole loop on one machine: an S3 server on the data folder, the labelling service on its
 * embedded PostgreSQL, the Flink job on a MiniCluster, the simulator and simulated labellers.
 * Everything it keeps is under the data folder, so starting it again resumes where it stopped:
 * the registry and audit log in {@code s3/}, tasks and pay in {@code labelling-db/}, the job's
 * state in the last retained checkpoint under {@code flink/}.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Run the whole loop on this machine; Ctrl-C stops it, running it again resumes.")
final class UpCommand implements Callable<Integer> {

  @Option(names = "--data", defaultValue = "./data", description = "Data folder (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--port", defaultValue = "8086", description = "Labelling service port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--labelling-url", defaultValue = "${env:HANDMADE_LABELLING_URL}",
      description = "Use this labelling service instead of starting one (then give --pipeline-token and --admin-token).")
  String labellingUrl;

  @Option(names = "--pipeline-token", defaultValue = "${env:HANDMADE_PIPELINE_TOKEN}", description = "Pipeline token of an external labelling service.")
  String pipelineToken;

  @Option(names = "--admin-token", defaultValue = "${env:HANDMADE_ADMIN_TOKEN}", description = "Admin token of an external labelling service (creates the simulated labellers).")
  String adminToken;

  @Option(names = "--frames-per-second", defaultValue = "5", description = "Simulated frames per second (default: ${DEFAULT-VALUE}).")
  double framesPerSecond;

  @Option(names = "--seed", defaultValue = "2026", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--labellers", defaultValue = "4",
      description = "Simulated labellers (default: ${DEFAULT-VALUE}); 0 leaves every task to people in the browser.")
  int labellers;

  @Option(names = "--labeller-accuracy", defaultValue = "0.95", description = "Chance a simulated answer is right (default: ${DEFAULT-VALUE}).")
  double labellerAccuracy;

  @Option(names = "--seconds-per-task", defaultValue = "4", description = "A simulated labeller's working time per task (default: ${DEFAULT-VALUE}).")
  double secondsPerTask;

  @Option(names = "--time-scale", defaultValue = "0.25",
      description = "Real seconds per simulated working second (default: ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Mixin
  ObjectStoreOptions s3 = new ObjectStoreOptions();

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(data);
    Properties tokens = tokens(data.resolve("tokens.properties"));
    try (ObjectStoreOptions.Opened store = s3.open(data);
        Service service = startService(tokens)) {
      Configuration conf = flinkConfiguration(store, service, tokens);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
      JobClient job = HandmadeJobMain.submit(env, conf, "handmade");
      SimulatedLabellers crowd = labellers > 0
          ? SimulatedLabellers.start(service.url(), service.adminToken(), SimulatedLabellers.simulatorTruth(),
              new SimulatedLabellers.Crowd(labellers, labellerAccuracy, secondsPerTask, timeScale, seed))
          : null;

      System.out.println();
      System.out.println("Handmade is running.");
      System.out.println("  labeller page:     " + service.url() + "/labeller.html");
      System.out.println("  labelling API:     " + service.url() + "/openapi.yaml");
      System.out.println("  object store:      " + store.store().endpoint() + " (bucket " + store.store().bucket() + ")");
      System.out.println("  admin token:       " + service.adminToken());
      System.out.println("  data:              " + data.toAbsolutePath());
      System.out.println("Create a labeller account for the page with:");
      System.out.println("  curl -s -X POST -H 'Authorization: Bearer " + service.adminToken() + "' -H 'Content-Type: application/json' \\");
      System.out.println("       -d '{\"name\":\"me\",\"role\":\"labeller\"}' " + service.url() + "/api/accounts");
      System.out.println("Ctrl-C stops; running the same command again resumes from " + data + ".");
      System.out.println();

      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("stopping: cancelling the job (its last checkpoint is kept for the next start)");
        try {
          job.cancel().get();
        } catch (Exception e) {
          System.err.println("job did not cancel cleanly: " + e.getMessage());
        }
        if (crowd != null) {
          try {
            crowd.close();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        stopped.countDown();
      }, "handmade-shutdown"));

      ModelRegistry registry = new ModelRegistry(store.store());
      HttpClient http = HttpClient.newHttpClient();
      while (!stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
        System.out.printf("[progress] deployed model: %s; queue: %s; answers by simulated labellers: %d%n",
            registry.deployed().orElse("none yet"), queue(http, service), crowd == null ? 0 : crowd.answered());
      }
      return 0;
    }
  }

  private Configuration flinkConfiguration(ObjectStoreOptions.Opened store, Service service, Properties tokens)
      throws IOException {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.S3_ENDPOINT, store.store().endpoint());
    conf.set(PipelineOptions.S3_ACCESS_KEY, s3.accessKey);
    conf.set(PipelineOptions.S3_SECRET_KEY, s3.secretKey);
    conf.set(PipelineOptions.S3_BUCKET, store.store().bucket());
    conf.set(PipelineOptions.SIMULATOR_SEED, seed);
    conf.set(PipelineOptions.SIMULATOR_RATE, framesPerSecond);
    conf.set(LabellingConnectorOptions.BASE_URL, service.url());
    conf.set(LabellingConnectorOptions.TOKEN, service.pipelineToken());
    Path checkpoints = data.resolve("flink").resolve("checkpoints").toAbsolutePath();
    Files.createDirectories(checkpoints);
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(5));
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    latestCheckpoint(checkpoints).ifPresent(chk -> {
      System.out.println("resuming the job from " + chk);
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, chk.toUri().toString());
    });
    return conf;
  }

  /** The newest complete checkpoint (one with its metadata written) of any earlier run. */
  static Optional<Path> latestCheckpoint(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(checkpoints, 3)) {
      return files.filter(p -> p.getFileName().toString().equals("_metadata"))
          .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
          .map(Path::getParent);
    }
  }

  private static String queue(HttpClient http, Service service) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/api/queue"))
          .header("Authorization", "Bearer " + service.pipelineToken()).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      return "unreachable (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The labelling service in use: started here on its embedded PostgreSQL, or an external one. */
  private record Service(String url, String adminToken, String pipelineToken, LabellingService running)
      implements AutoCloseable {
    @Override
    public void close() {
      if (running != null) {
        running.close();
      }
    }
  }

  private Service startService(Properties tokens) {
    if (labellingUrl != null && !labellingUrl.isBlank()) {
      if (pipelineToken == null || pipelineToken.isBlank()) {
        throw new IllegalArgumentException("--labelling-url needs --pipeline-token (or HANDMADE_PIPELINE_TOKEN)");
      }
      return new Service(labellingUrl.replaceAll("/+$", ""), adminToken, pipelineToken, null);
    }
    ServiceConfig config = ServiceConfig.builder()
        .set(LabellingOptions.HTTP_HOST, "127.0.0.1")
        .set(LabellingOptions.HTTP_PORT, port)
        .set(LabellingOptions.DB_DATA_DIR, data.resolve("labelling-db").toString())
        .set(LabellingOptions.ADMIN_TOKEN, tokens.getProperty("admin"))
        .set(LabellingOptions.PIPELINE_TOKEN, tokens.getProperty("pipeline"))
        // gold tasks need a pool of frames with known answers, which the simulated stack does not load
        .set(LabellingOptions.GOLD_RATE, 0)
        .build();
    LabellingService running = LabellingService.start(config);
    return new Service("http://127.0.0.1:" + running.port(), tokens.getProperty("admin"),
        tokens.getProperty("pipeline"), running);
  }

  /**
   * The tokens of the stack's admin and pipeline accounts: made on the first start and kept
   * (readable by the owner only) so that later starts use the same accounts.
   */
  private static Properties tokens(Path file) throws IOException {
    Properties tokens = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        tokens.load(in);
      }
      return tokens;
    }
    SecureRandom random = new SecureRandom();
    for (String name : new String[] {"admin", "pipeline"}) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      tokens.setProperty(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer out = Files.newBufferedWriter(file)) {
      tokens.store(out, "tokens of the local stack's admin and pipeline accounts");
    }
    return tokens;
  }
}
