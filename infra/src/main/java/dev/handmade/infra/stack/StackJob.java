package dev.handmade.infra.stack;

import dev.handmade.infra.cluster.FlinkRestClient;
import dev.handmade.infra.cluster.RemoteJob;
import dev.handmade.pipeline.job.HandmadeJobMain;
import dev.handmade.pipeline.job.PipelineOptions;
import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
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
 * The stack's Flink job: its configuration, and its checkpoints, retained on cancellation so that
 * the next start resumes from the newest. On a MiniCluster in this process they live under the data
 * folder; on a Flink cluster, in the stack's bucket, which the cluster's S3 file system reaches.
 */
final class StackJob {

  private static final Logger LOG = LoggerFactory.getLogger(StackJob.class);

  private final Configuration conf;
  private final Optional<String> resumedFrom;
  private final Runnable stop;

  private StackJob(Configuration conf, Optional<String> resumedFrom, Runnable stop) {
    this.conf = conf;
    this.resumedFrom = resumedFrom;
    this.stop = stop;
  }

  static StackJob start(StackSettings s, StackObjectStore store, StackService service)
      throws Exception {
    Configuration conf = configuration(s, store.endpoint(), service);
    Optional<String> resume;
    if (s.flink() == null) {
      Path checkpoints = s.checkpoints();
      Files.createDirectories(checkpoints);
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
      resume = latestCheckpoint(checkpoints).map(chk -> chk.toUri().toString());
      resume.ifPresent(chk -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, chk));
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironment(s.parallelism(), conf);
      JobClient local = HandmadeJobMain.submit(env, conf, "handmade");
      return new StackJob(conf, resume, () -> cancel(local));
    }
    // the cluster's S3 file system plugin reaches the same bucket; its keys are the cluster's
    // configuration
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        "s3://" + s.s3Bucket() + "/" + RemoteJob.CHECKPOINTS_PREFIX);
    resume = RemoteJob.latestCheckpoint(store.store(), RemoteJob.CHECKPOINTS_PREFIX);
    RemoteJob remote =
        RemoteJob.submit(
            new FlinkRestClient(s.flink().restUrl()),
            s.flink().jobJar(),
            conf.toMap(),
            s.parallelism(),
            resume);
    return new StackJob(conf, resume, () -> cancel(remote));
  }

  /** The job's options: the settings' own, then the stack's store, service and simulator over them. */
  private static Configuration configuration(
      StackSettings s, String s3Endpoint, StackService service) {
    Configuration conf = Configuration.fromMap(s.jobOptions());
    conf.set(PipelineOptions.S3_ENDPOINT, s3Endpoint);
    conf.set(PipelineOptions.S3_ACCESS_KEY, s.s3AccessKey());
    conf.set(PipelineOptions.S3_SECRET_KEY, s.s3SecretKey());
    conf.set(PipelineOptions.S3_BUCKET, s.s3Bucket());
    conf.set(PipelineOptions.FRAME_SOURCE, s.source());
    conf.set(PipelineOptions.SIMULATOR_SEED, s.seed());
    conf.set(PipelineOptions.SIMULATOR_RATE, s.framesPerSecond());
    conf.set(PipelineOptions.SIMULATOR_FRAMES, s.frames());
    conf.set(LabellingConnectorOptions.BASE_URL, service.url());
    conf.set(LabellingConnectorOptions.TOKEN, service.pipelineToken());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, s.checkpointInterval());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    return conf;
  }

  /** The newest complete checkpoint (one whose metadata was written) of any earlier run. */
  static Optional<Path> latestCheckpoint(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(checkpoints, 3)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
          .map(Path::getParent);
    }
  }

  /** The options the job runs with, for the parts that read the same data (the crowd's drive logs). */
  Configuration configuration() {
    return conf;
  }

  Optional<String> resumedFrom() {
    return resumedFrom;
  }

  /** Stops the job, wherever it runs; its last checkpoint is kept for the next start. */
  void stop() {
    stop.run();
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
}
