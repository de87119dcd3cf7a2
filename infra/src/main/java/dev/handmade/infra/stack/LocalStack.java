package dev.handmade.infra.stack;

import dev.handmade.infra.cluster.FlinkRestClient;
import dev.handmade.infra.cluster.RemoteJob;
import dev.handmade.labelling.LabellingService;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LabellingApiException;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;
import dev.handmade.pipeline.job.HandmadeJobMain;
import dev.handmade.pipeline.job.PipelineOptions;
import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import dev.handmade.pipeline.simulation.DriveLogTruth;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.pipeline.source.drivelog.DriveLogSourceOptions;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole loop in this process: an S3 server on the data folder (unless an external one is
 * given), the labelling service on its embedded PostgreSQL (unless an external one is given), the
 * Flink job on a MiniCluster (or submitted to a Flink cluster through its REST API), and simulated labellers. Everything it keeps is under the data
 * folder, so starting it again resumes where it stopped: the registry and audit log in
 * {@code s3/}, tasks and pay in {@code labelling-db/}, the job's state in the last retained
 * checkpoint under {@code flink/checkpoints/}, the stack's account tokens (admin, pipeline,
 * auditor) and the key of labellers' pseudonyms in audit reports in {@code tokens.properties}.
 * The labelling service it starts reads the audit log from the same store for its auditor's page.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final String AUDITOR = "auditor";
  private static final String PSEUDONYM_KEY = "pseudonymKey";
  /** The labelling service's URL, for {@code report}; the name {@code AuditOptions} reads. */
  private static final String LABELLING_URL = "labellingUrl";

  /**
   * @param s3Endpoint external S3/MinIO, or null for the in-process server on {@code s3Port}
   * @param labellingUrl external labelling service (with its tokens), or null to start one on {@code port}
   * @param source "simulator", or "drive-logs" for the Avro frame files under drive-logs/ in the store
   * @param frames simulated frames in all ({@code Long.MAX_VALUE}: endless)
   * @param crowd simulated labellers; a count of 0 leaves every task to people
   * @param jobOptions further options of the job ({@code PipelineOptions} keys)
   * @param flink a Flink cluster to submit the job to, or null to run it in this process on a MiniCluster
   */
  public record Settings(Path data, String s3Endpoint, String s3AccessKey, String s3SecretKey, String s3Bucket,
      int s3Port, String labellingUrl, String adminToken, String pipelineToken, int port, String source,
      double framesPerSecond, long frames, long seed, SimulatedLabellers.Crowd crowd, int parallelism, Duration checkpointInterval,
      Map<String, String> jobOptions, FlinkCluster flink) {}

  /** A Flink cluster's REST API and the job jar to upload to it. */
  public record FlinkCluster(URI restUrl, Path jobJar) {}

  private final LocalS3Server s3Server;
  private final ObjectStore store;
  private final LabellingService service;
  private final String labellingUrl;
  private final String adminToken;
  private final String pipelineToken;
  private final String auditorToken;
  private final RunningJob job;
  private final SimulatedLabellers crowd;
  private final Optional<String> resumedFrom;

  private LocalStack(LocalS3Server s3Server, ObjectStore store, LabellingService service, String labellingUrl,
      String adminToken, String pipelineToken, String auditorToken, RunningJob job, SimulatedLabellers crowd,
      Optional<String> resumedFrom) {
    this.s3Server = s3Server;
    this.store = store;
    this.service = service;
    this.labellingUrl = labellingUrl;
    this.adminToken = adminToken;
    this.pipelineToken = pipelineToken;
    this.auditorToken = auditorToken;
    this.job = job;
    this.crowd = crowd;
    this.resumedFrom = resumedFrom;
  }

  public static LocalStack start(Settings s) throws Exception {
    Files.createDirectories(s.data());
    Path tokensFile = s.data().resolve("tokens.properties");
    Properties tokens = tokens(tokensFile);
    LocalS3Server s3Server = null;
    ObjectStore store = null;
    LabellingService service = null;
    RunningJob job = null;
    try {
      String endpoint = s.s3Endpoint();
      if (endpoint == null || endpoint.isBlank()) {
        s3Server = LocalS3Server.start(s.data().resolve("s3"), "127.0.0.1", s.s3Port(), s.s3AccessKey(),
            s.s3SecretKey());
        endpoint = s3Server.endpoint();
      }
      store = ObjectStore.builder().endpoint(endpoint).accessKey(s.s3AccessKey()).secretKey(s.s3SecretKey())
          .bucket(s.s3Bucket()).build();
      store.createBucketIfAbsent();

      String url;
      String admin;
      String pipeline;
      String auditor = null;
      if (s.labellingUrl() != null && !s.labellingUrl().isBlank()) {
        if (s.pipelineToken() == null || s.pipelineToken().isBlank()) {
          throw new IllegalArgumentException("an external labelling service needs its pipeline token");
        }
        url = s.labellingUrl().replaceAll("/+$", "");
        admin = s.adminToken();
        pipeline = s.pipelineToken();
      } else {
        admin = tokens.getProperty("admin");
        pipeline = tokens.getProperty("pipeline");
        service = LabellingService.start(ServiceConfig.builder()
            .set("http.host", "127.0.0.1")
            .set("http.port", s.port())
            .set("db.dataDir", s.data().resolve("labelling-db").toString())
            .set("bootstrap.adminToken", admin)
            .set("bootstrap.pipelineToken", pipeline)
            // gold tasks need a pool of frames with known answers, which the simulated stack does not load
            .set("gold.rate", 0)
            // the auditor's page reads the audit log and the registry the job writes
            .set("audit.s3Endpoint", endpoint)
            .set("audit.s3Bucket", s.s3Bucket())
            .set("audit.s3AccessKey", s.s3AccessKey())
            .set("audit.s3SecretKey", s.s3SecretKey())
            .set("audit.pseudonymKey", tokens.getProperty(PSEUDONYM_KEY))
            .build());
        url = "http://127.0.0.1:" + service.port();
        // report and verify find the service here, as they find its auditor token
        if (!url.equals(tokens.getProperty(LABELLING_URL))) {
          tokens.setProperty(LABELLING_URL, url);
          save(tokensFile, tokens);
        }
        auditor = auditorToken(tokensFile, tokens, url, admin);
        LOG.info("auditor's page: {}/auditor.html (the auditor token is '{}' in {})", url, AUDITOR, tokensFile);
      }

      Configuration conf = Configuration.fromMap(s.jobOptions());
      conf.set(PipelineOptions.S3_ENDPOINT, endpoint);
      conf.set(PipelineOptions.S3_ACCESS_KEY, s.s3AccessKey());
      conf.set(PipelineOptions.S3_SECRET_KEY, s.s3SecretKey());
      conf.set(PipelineOptions.S3_BUCKET, s.s3Bucket());
      conf.set(PipelineOptions.FRAME_SOURCE, s.source());
      conf.set(PipelineOptions.SIMULATOR_SEED, s.seed());
      conf.set(PipelineOptions.SIMULATOR_RATE, s.framesPerSecond());
      conf.set(PipelineOptions.SIMULATOR_FRAMES, s.frames());
      conf.set(LabellingConnectorOptions.BASE_URL, url);
      conf.set(LabellingConnectorOptions.TOKEN, pipeline);
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, s.checkpointInterval());
      conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
      Optional<String> resume;
      if (s.flink() == null) {
        Path checkpoints = s.data().resolve("flink").resolve("checkpoints").toAbsolutePath();
        Files.createDirectories(checkpoints);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        resume = latestCheckpoint(checkpoints).map(chk -> chk.toUri().toString());
        resume.ifPresent(chk -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, chk));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(s.parallelism(), conf);
        JobClient local = HandmadeJobMain.submit(env, conf, "handmade");
        job = () -> cancel(local);
      } else {
        // the cluster's S3 file system plugin reaches the same bucket; its keys are the cluster's configuration
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "s3://" + s.s3Bucket() + "/" + RemoteJob.CHECKPOINTS_PREFIX);
        resume = RemoteJob.latestCheckpoint(store, RemoteJob.CHECKPOINTS_PREFIX);
        RemoteJob remote = RemoteJob.submit(new FlinkRestClient(s.flink().restUrl()), s.flink().jobJar(), conf.toMap(),
            s.parallelism(), resume);
        job = () -> cancel(remote);
      }

      SimulatedLabellers crowd = s.crowd().count() > 0
          ? SimulatedLabellers.start(url, admin, SimulatedLabellers.firstKnown(SimulatedLabellers.simulatorTruth(),
              new DriveLogTruth(store, conf.get(DriveLogSourceOptions.PREFIX))), s.crowd())
          : null;
      return new LocalStack(s3Server, store, service, url, admin, pipeline, auditor, job, crowd, resume);
    } catch (Exception | Error e) {
      if (job != null) {
        job.stop();
      }
      closeQuietly(store);
      closeQuietly(service);
      closeQuietly(s3Server);
      throw e;
    }
  }

  public String labellingUrl() {
    return labellingUrl;
  }

  public String adminToken() {
    return adminToken;
  }

  public String pipelineToken() {
    return pipelineToken;
  }

  /** The token of the stack's auditor account; null with an external labelling service. */
  public String auditorToken() {
    return auditorToken;
  }

  public ObjectStore store() {
    return store;
  }

  public Optional<String> resumedFrom() {
    return resumedFrom;
  }

  public long simulatedAnswers() {
    return crowd == null ? 0 : crowd.answered();
  }

  /** The newest complete checkpoint (one whose metadata was written) of any earlier run. */
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

  /**
   * The tokens of the stack's admin and pipeline accounts and the pseudonym key of audit reports:
   * made on the first start (the key on the first start that lacks it) and kept, readable by the
   * owner only, so that later starts use the same accounts and pseudonyms.
   */
  private static Properties tokens(Path file) throws IOException {
    Properties tokens = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        tokens.load(in);
      }
    }
    boolean added = false;
    SecureRandom random = new SecureRandom();
    for (String name : new String[] {"admin", "pipeline", PSEUDONYM_KEY}) {
      if (tokens.getProperty(name) == null) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        tokens.setProperty(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        added = true;
      }
    }
    if (added) {
      save(file, tokens);
    }
    return tokens;
  }

  /**
   * The stack's auditor token, so that {@code handmade up} serves a working auditor's page: an
   * account made through the admin API on the first start that has none, its token kept with the
   * others. Null, with a warning, when the service refuses.
   */
  private static String auditorToken(Path file, Properties tokens, String url, String adminToken)
      throws IOException, InterruptedException {
    String known = tokens.getProperty(AUDITOR);
    if (known != null) {
      return known;
    }
    String token;
    try {
      token = LabellingApiClient.builder().baseUrl(url).token(adminToken).build()
          .createAccount(AUDITOR, "auditor").token();
    } catch (LabellingApiException e) {
      if (!e.refused()) {
        throw e;
      }
      LOG.warn("no auditor account for the auditor's page: {}", e.getMessage());
      return null;
    }
    tokens.setProperty(AUDITOR, token);
    save(file, tokens);
    return token;
  }

  private static void save(Path file, Properties tokens) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try (Writer out = Files.newBufferedWriter(file)) {
      tokens.store(out, "tokens of the local stack's accounts, and the key of labellers' pseudonyms in audit reports");
    }
  }

  /** Stops the job (its last checkpoint is kept for the next start), the labellers, the service and the S3 server. */
  @Override
  public void close() {
    job.stop();
    if (crowd != null) {
      try {
        crowd.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly(store);
    closeQuietly(service);
    closeQuietly(s3Server);
  }

  /** The job, wherever it runs; stopping it keeps its last checkpoint for the next start. */
  private interface RunningJob {
    void stop();
  }

  /** Cancels the job on the cluster and waits until it has stopped, so that nothing of it outlives the servers. */
  private static void cancel(RemoteJob job) {
    try {
      job.cancel();
      for (int i = 0; i < 120 && !isTerminal(job.state()); i++) {
        Thread.sleep(250);
      }
    } catch (Exception e) {
      LOG.warn("the job {} on the cluster did not cancel cleanly: {}", job.jobId(), e.toString());
    }
  }

  private static boolean isTerminal(String state) {
    return state.equals("CANCELED") || state.equals("FAILED") || state.equals("FINISHED");
  }

  /** Cancels the job and waits until it has stopped, so that nothing of it outlives the servers it talks to. */
  private static void cancel(JobClient job) {
    try {
      job.cancel().get();
      job.getJobExecutionResult().handle((result, failure) -> null).get();
    } catch (Exception e) {
      LOG.warn("the job did not cancel cleanly: {}", e.toString());
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
    }
  }
}
