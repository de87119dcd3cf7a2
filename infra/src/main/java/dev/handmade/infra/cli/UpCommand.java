package dev.handmade.infra.cli;

import dev.handmade.infra.cluster.FlinkDistribution;
import dev.handmade.infra.progress.ProgressProbe;
import dev.handmade.infra.stack.LocalStack;
import dev.handmade.infra.stack.StackSettings;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code handmade up}: the whole loop on this machine until Ctrl-C; see {@link LocalStack}. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Run the whole loop on this machine; Ctrl-C stops it, running it again resumes.")
final class UpCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "8086",
      description = "Labelling service port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--labelling-url",
      defaultValue = "${env:HANDMADE_LABELLING_URL}",
      description =
          "Use this labelling service instead of starting one (with --pipeline-token and --admin-token).")
  String labellingUrl;

  @Option(
      names = "--pipeline-token",
      defaultValue = "${env:HANDMADE_PIPELINE_TOKEN}",
      description = "Pipeline token of the external labelling service.")
  String pipelineToken;

  @Option(
      names = "--admin-token",
      defaultValue = "${env:HANDMADE_ADMIN_TOKEN}",
      description =
          "Admin token of the external labelling service (creates the simulated labellers).")
  String adminToken;

  @Option(
      names = "--source",
      defaultValue = "simulator",
      description =
          "Where frames come from: simulator, or drive-logs (files written by import-kitti) (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--frames-per-second",
      defaultValue = "5",
      description = "Simulated frames per second (default: ${DEFAULT-VALUE}).")
  double framesPerSecond;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      description = "Simulator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--labellers",
      defaultValue = "4",
      description =
          "Simulated labellers (default: ${DEFAULT-VALUE}); 0 leaves every task to people in the browser.")
  int labellers;

  @Option(
      names = "--labeller-accuracy",
      defaultValue = "0.95",
      description = "Chance a simulated answer is right (default: ${DEFAULT-VALUE}).")
  double labellerAccuracy;

  @Option(
      names = "--seconds-per-task",
      defaultValue = "4",
      description = "A simulated labeller's working time per task (default: ${DEFAULT-VALUE}).")
  double secondsPerTask;

  @Option(
      names = "--time-scale",
      defaultValue = "0.25",
      description = "Real seconds per simulated working second (default: ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--flink",
      paramLabel = "URL",
      description =
          "Submit the job to the Flink cluster with this REST API (e.g. http://127.0.0.1:8081, from"
              + " `handmade cluster`) instead of running it in this process. The cluster must reach the S3 server and the"
              + " labelling service, and its S3 file system must reach the bucket, where checkpoints go.")
  URI flink;

  @Option(
      names = "--job-jar",
      description =
          "The job jar to upload with --flink (default: the one the build made,"
              + " pipeline/target/handmade-pipeline-job.jar).")
  Path jobJar;

  @Mixin DataFolderOptions store = new DataFolderOptions();

  @Override
  public Integer call() throws Exception {
    Path data = store.data;
    ObjectStoreOptions s3 = store.s3;
    StackSettings settings =
        new StackSettings(
            data,
            s3.endpoint,
            s3.accessKey,
            s3.secretKey,
            s3.bucket,
            s3.localPort,
            labellingUrl,
            adminToken,
            pipelineToken,
            port,
            source,
            framesPerSecond,
            Long.MAX_VALUE,
            seed,
            new SimulatedLabellers.Crowd(
                labellers, labellerAccuracy, secondsPerTask, timeScale, seed),
            parallelism,
            Duration.ofSeconds(5),
            Map.of(),
            flink == null
                ? null
                : new StackSettings.FlinkCluster(
                    flink, jobJar != null ? jobJar : FlinkDistribution.builtJobJar()));
    LocalStack stack = LocalStack.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(
                      "stopping: the job's last checkpoint is kept for the next start");
                  stack.close();
                  stopped.countDown();
                },
                "handmade-shutdown"));

    String url = stack.labellingUrl();
    System.out.println();
    System.out.println(
        "Handmade is running"
            + stack.resumedFrom().map(p -> ", resumed from " + p).orElse("")
            + ".");
    System.out.println("  labeller page:  " + url + "/labeller.html");
    System.out.println("  labelling API:  " + url + "/openapi.yaml");
    System.out.println(
        "  object store:   "
            + stack.store().endpoint()
            + " (bucket "
            + stack.store().bucket()
            + ")");
    System.out.println("  admin token:    " + stack.adminToken());
    if (stack.auditorToken() != null) {
      System.out.println(
          "  auditor page:   " + url + "/auditor.html (token: " + stack.auditorToken() + ")");
    }
    System.out.println(
        "  audit report:   java -jar infra/target/handmade.jar report --s3-endpoint "
            + stack.store().endpoint()
            + " --data "
            + data);
    System.out.println("  data:           " + data.toAbsolutePath());
    System.out.println("A labeller account for the page (its token is in the answer):");
    System.out.println(
        "  curl -s -X POST -H 'Authorization: Bearer "
            + stack.adminToken()
            + "' -H 'Content-Type: application/json' -d '{\"name\":\"me\",\"role\":\"labeller\"}' "
            + url
            + "/api/accounts");
    System.out.println("Ctrl-C stops; the same command resumes from " + data + ".");
    System.out.println();

    ProgressProbe progress =
        new ProgressProbe(stack.store(), url, stack.pipelineToken(), Clock.systemUTC());
    System.out.println(
        "Each minute a [progress] line: the machine's share of the decisions committed in that"
            + " minute, the deployed model, the queue and the last training round's verdict.");
    while (!stopped.await(1, TimeUnit.MINUTES)) {
      System.out.println(progress.read().text());
    }
    return 0;
  }
}
