package dev.handmade.infra.cli;

import dev.handmade.infra.cluster.FlinkDistribution;
import dev.handmade.infra.cluster.LocalFlinkCluster;
import dev.handmade.infra.cluster.S3FileSystemConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code handmade cluster}: a Flink session cluster of separate JVMs on this machine (a JobManager
 * and TaskManagers), with the S3 file system for checkpoints, until Ctrl-C. {@code handmade up
 * --flink URL} then submits the job to it through the REST API.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "Start a Flink session cluster on this machine (a JobManager and TaskManagers as separate"
            + " processes) until Ctrl-C; `up --flink http://127.0.0.1:8081` submits the job to it.")
final class ClusterCommand implements Callable<Integer> {

  @Option(
      names = "--work-dir",
      defaultValue = "./data/flink-cluster",
      description =
          "The cluster's folder: config, logs, uploaded jars (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--rest-port",
      defaultValue = "8081",
      description = "REST API and web UI port (default: ${DEFAULT-VALUE}).")
  int restPort;

  @Option(
      names = "--task-managers",
      defaultValue = "2",
      description = "TaskManagers (default: ${DEFAULT-VALUE}).")
  int taskManagers;

  @Option(
      names = "--slots",
      defaultValue = "2",
      description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(
      names = "--flink-home",
      description =
          "A Flink 2.3 distribution (lib/, plugins/) to run instead of the one"
              + " the build lays out in infra/flink-dist/target/flink.")
  Path flinkHome;

  @Option(
      names = "--s3-endpoint",
      defaultValue = "${env:HANDMADE_S3_ENDPOINT:-http://127.0.0.1:9000}",
      description = "S3 endpoint for checkpoints (default: ${DEFAULT-VALUE}, the one `up` starts).")
  String s3Endpoint;

  @Option(names = "--s3-access-key", defaultValue = "${env:HANDMADE_S3_ACCESS_KEY:-handmade}")
  String s3AccessKey;

  @Option(
      names = "--s3-secret-key",
      defaultValue = "${env:HANDMADE_S3_SECRET_KEY:-handmade-local-secret}")
  String s3SecretKey;

  @Override
  public Integer call() throws Exception {
    FlinkDistribution dist =
        flinkHome != null ? new FlinkDistribution(flinkHome) : FlinkDistribution.locate();
    LocalFlinkCluster cluster =
        LocalFlinkCluster.start(
            new LocalFlinkCluster.Settings(
                dist,
                workDir,
                restPort,
                taskManagers,
                slots,
                S3FileSystemConfig.of(s3Endpoint, s3AccessKey, s3SecretKey)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("stopping the cluster");
                  cluster.close();
                  stopped.countDown();
                },
                "handmade-cluster-shutdown"));
    System.out.println();
    System.out.println(
        "A Flink cluster is running: one JobManager and "
            + taskManagers
            + " TaskManagers with "
            + slots
            + " slots each, as separate processes.");
    System.out.println("  REST API and web UI: " + cluster.restUrl());
    System.out.println("  logs:                " + workDir.resolve("log").toAbsolutePath());
    System.out.println("  checkpoints:         on S3 at " + s3Endpoint);
    System.out.println(
        "Run the loop on it:    java -jar infra/target/handmade.jar up --flink "
            + cluster.restUrl());
    System.out.println("Ctrl-C stops it.");
    stopped.await();
    return 0;
  }
}
