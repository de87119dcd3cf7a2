package dev.handmade.infra.stack;

import dev.handmade.pipeline.simulation.SimulatedLabellers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@link LocalStack} runs, and where in its data folder each part keeps what it keeps.
 *
 * @param s3Endpoint external S3/MinIO, or null for the in-process server on {@code s3Port}
 * @param labellingUrl external labelling service (with its tokens), or null to start one on {@code port}
 * @param source "simulator", or "drive-logs" for the Avro frame files under drive-logs/ in the store
 * @param frames simulated frames in all ({@code Long.MAX_VALUE}: endless)
 * @param crowd simulated labellers; a count of 0 leaves every task to people
 * @param jobOptions further options of the job ({@code PipelineOptions} keys)
 * @param flink a Flink cluster to submit the job to, or null to run it in this process on a MiniCluster
 */
public record StackSettings(
    Path data,
    String s3Endpoint,
    String s3AccessKey,
    String s3SecretKey,
    String s3Bucket,
    int s3Port,
    String labellingUrl,
    String adminToken,
    String pipelineToken,
    int port,
    String source,
    double framesPerSecond,
    long frames,
    long seed,
    SimulatedLabellers.Crowd crowd,
    int parallelism,
    Duration checkpointInterval,
    Map<String, String> jobOptions,
    FlinkCluster flink) {

  /** A Flink cluster's REST API and the job jar to upload to it. */
  public record FlinkCluster(URI restUrl, Path jobJar) {}

  boolean externalObjectStore() {
    return s3Endpoint != null && !s3Endpoint.isBlank();
  }

  boolean externalService() {
    return labellingUrl != null && !labellingUrl.isBlank();
  }

  /** The in-process S3 server's objects: the registry and the audit log. */
  Path s3Folder() {
    return data.resolve("s3");
  }

  /** The embedded PostgreSQL of the service: tasks and pay. */
  Path labellingDb() {
    return data.resolve("labelling-db");
  }

  /** The retained checkpoints of a job on a MiniCluster. */
  Path checkpoints() {
    return data.resolve("flink").resolve("checkpoints").toAbsolutePath();
  }

  /** The stack's account tokens and the pseudonym key. */
  Path tokensFile() {
    return data.resolve("tokens.properties");
  }
}
