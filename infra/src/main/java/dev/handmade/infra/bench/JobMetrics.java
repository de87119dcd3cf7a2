package dev.handmade.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.infra.cluster.FlinkRestClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running job's throughput and each task's load, read from Flink's own metrics through the REST
 * API (of a cluster or of a MiniCluster), for the benchmarks. The REST API answers with what its
 * last fetch from the TaskManagers found and starts the next fetch in the background, at most once
 * per {@code metrics.fetcher.update-interval}: a cluster measured here runs with
 * {@link #CLUSTER_CONFIGURATION}, and each count is asked for twice, the second time after that
 * fetch has landed.
 */
public final class JobMetrics {

  /** Flink configuration of a cluster whose metrics are read here: a fetch per second at most. */
  public static final Map<String, String> CLUSTER_CONFIGURATION =
      Map.of("metrics.fetcher.update-interval", "1 s");

  /** The update interval above, and time for the fetch it starts to land. */
  private static final Duration FETCH = Duration.ofSeconds(2);

  /**
   * Frames/s into a task in successive windows, each task's load averaged over them, and the
   * restarts and completed checkpoints in them.
   */
  public record Throughput(
      List<Double> framesPerSecond, List<OperatorLoad> loads, long restarts, long checkpoints) {}

  private final FlinkRestClient rest;
  private final String jobId;

  public JobMetrics(FlinkRestClient rest, String jobId) {
    this.rest = rest;
    this.jobId = jobId;
  }

  /** The one job that runs on the cluster, once it does. */
  public static JobMetrics ofOnlyJob(FlinkRestClient rest, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<String> running = new ArrayList<>();
      for (JsonNode job : rest.jobs().path("jobs")) {
        if (job.path("status").asText().equals("RUNNING")) {
          running.add(job.path("id").asText());
        }
      }
      if (running.size() > 1) {
        throw new IllegalStateException(
            "more than one job runs on " + rest.base() + ": " + running);
      }
      if (running.size() == 1) {
        return new JobMetrics(rest, running.get(0));
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("no job ran on " + rest.base() + " after " + timeout);
  }

  public String jobId() {
    return jobId;
  }

  /** Waits until the job and all its tasks run. */
  public void awaitAllRunning(Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = rest.job(jobId);
      boolean running = job.path("state").asText().equals("RUNNING");
      for (JsonNode vertex : job.path("vertices")) {
        running &= vertex.path("status").asText().equals("RUNNING");
      }
      if (running) {
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "the job "
            + jobId
            + " was not running after "
            + timeout
            + ": "
            + rest.exceptions(jobId).path("root-exception").asText("no exception recorded"));
  }

  /**
   * Records per second into the task named like {@code vertexNameContains} in {@code windows}
   * successive windows of {@code each}, and every task's load averaged over the windows.
   */
  public Throughput throughput(String vertexNameContains, int windows, Duration each)
      throws IOException, InterruptedException {
    String vertex = vertexId(vertexNameContains);
    long restartsBefore = rest.jobMetric(jobId, "numRestarts");
    long checkpointsBefore = completedCheckpoints();
    List<Double> rates = new ArrayList<>();
    List<List<OperatorLoad>> loads = new ArrayList<>();
    Instant start = Instant.now();
    long count = freshSum(vertex, "numRecordsIn");
    for (int i = 0; i < windows; i++) {
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), start.plus(each)).toMillis()));
      Instant end = Instant.now();
      long next = freshSum(vertex, "numRecordsIn");
      rates.add((next - count) / (Duration.between(start, end).toMillis() / 1000.0));
      loads.add(loads());
      count = next;
      start = end;
    }
    return new Throughput(
        rates,
        average(loads),
        rest.jobMetric(jobId, "numRestarts") - restartsBefore,
        completedCheckpoints() - checkpointsBefore);
  }

  /** Each task's busy, back-pressured and idle time now, in the job's order of tasks. */
  public List<OperatorLoad> loads() throws IOException {
    List<OperatorLoad> loads = new ArrayList<>();
    for (JsonNode vertex : rest.job(jobId).path("vertices")) {
      JsonNode metrics =
          rest.vertexMetrics(
              jobId,
              vertex.path("id").asText(),
              "busyTimeMsPerSecond",
              "backPressuredTimeMsPerSecond",
              "idleTimeMsPerSecond");
      double busy = 0;
      double busiest = 0;
      double backPressured = 0;
      double idle = 0;
      for (JsonNode m : metrics) {
        double avg = m.path("avg").asDouble();
        switch (m.path("id").asText()) {
          case "busyTimeMsPerSecond" -> {
            busy = avg;
            busiest = m.path("max").asDouble();
          }
          case "backPressuredTimeMsPerSecond" -> backPressured = avg;
          case "idleTimeMsPerSecond" -> idle = avg;
          default -> {}
        }
      }
      loads.add(
          new OperatorLoad(
              vertex.path("name").asText(),
              vertex.path("parallelism").asInt(),
              busy,
              busiest,
              backPressured,
              idle));
    }
    return loads;
  }

  /** Records into the task named like {@code vertexNameContains} since the job started, over its subtasks. */
  public long recordsIn(String vertexNameContains) throws IOException, InterruptedException {
    return freshSum(vertexId(vertexNameContains), "numRecordsIn");
  }

  private long completedCheckpoints() throws IOException {
    return rest.checkpoints(jobId).path("counts").path("completed").asLong();
  }

  /** The job's state and why it failed, if it did, for a message. */
  public String describeState() throws IOException {
    return rest.jobState(jobId)
        + ", last failure: "
        + rest.exceptions(jobId).path("root-exception").asText("none recorded");
  }

  private String vertexId(String nameContains) throws IOException {
    for (JsonNode vertex : rest.job(jobId).path("vertices")) {
      if (vertex.path("name").asText().contains(nameContains)) {
        return vertex.path("id").asText();
      }
    }
    throw new IllegalStateException("the job has no task named like '" + nameContains + "'");
  }

  /** The metric's sum over the subtasks as of now: the first request starts a fetch, the second reads it. */
  private long freshSum(String vertexId, String metric) throws IOException, InterruptedException {
    sum(vertexId, metric);
    Thread.sleep(FETCH.toMillis());
    return sum(vertexId, metric);
  }

  private long sum(String vertexId, String metric) throws IOException {
    for (JsonNode m : rest.vertexMetrics(jobId, vertexId, metric)) {
      if (m.path("id").asText().equals(metric)) {
        return m.path("sum").asLong();
      }
    }
    throw new IllegalStateException("no metric " + metric + " on task " + vertexId);
  }

  private static List<OperatorLoad> average(List<List<OperatorLoad>> samples) {
    List<OperatorLoad> first = samples.get(0);
    List<OperatorLoad> mean = new ArrayList<>();
    for (int v = 0; v < first.size(); v++) {
      double busy = 0;
      double busiest = 0;
      double backPressured = 0;
      double idle = 0;
      for (List<OperatorLoad> sample : samples) {
        busy += sample.get(v).busyMsPerSecond();
        busiest += sample.get(v).busiestSubtaskMsPerSecond();
        backPressured += sample.get(v).backPressuredMsPerSecond();
        idle += sample.get(v).idleMsPerSecond();
      }
      int n = samples.size();
      mean.add(
          new OperatorLoad(
              first.get(v).name(),
              first.get(v).parallelism(),
              busy / n,
              busiest / n,
              backPressured / n,
              idle / n));
    }
    return mean;
  }
}
