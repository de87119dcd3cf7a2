package dev.handmade.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.pipeline.source.simulator.SimulatedFrames;
import dev.handmade.pipeline.support.LoopJobs;
import dev.handmade.pipeline.support.RunningLabellingService;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.registry.ModelRegistry;
import dev.handmade.storage.registry.RoundRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Training never blocks the stream: while rounds train (made long on purpose here), checkpoints
 * stay short, read from Flink's own checkpoint statistics, and cancelling the job in the middle
 * of a round stops it within seconds.
 */
class TrainingBesideTheStreamITCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(
                  new Configuration().set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 10_000))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void checkpointsStayShortWhileARoundTrainsAndCancellingMidRoundStopsTheJobQuickly(
      @InjectClusterRESTAddress URI rest) throws Exception {
    ObjectStore store = S3.newStore();
    ModelRegistry registry = new ModelRegistry(store);
    try (RunningLabellingService service = new RunningLabellingService();
        SimulatedLabellers crowd =
            SimulatedLabellers.start(
                service.baseUrl(),
                RunningLabellingService.ADMIN_TOKEN,
                SimulatedLabellers.simulatorTruth(),
                new SimulatedLabellers.Crowd(6, 0.95, 4, 0.005, 3))) {
      Configuration options = new Configuration();
      options.set(PipelineOptions.MIN_FIRST_TRAINING, 100);
      options.set(PipelineOptions.RETRAIN_EVERY_LABELS, 100);
      // a fine-tuning round (round 2 on) rehearses at least 1,000 examples over 4 epochs: a minute
      // or so here
      JobClient job =
          LoopJobs.start(
              SimulatedFrames.source(91, 100_000, 20, 0),
              service,
              store.config(),
              options,
              new Configuration(),
              500,
              "training beside the stream");

      RoundRecord first =
          await()
              .atMost(Duration.ofMinutes(6))
              .until(() -> registry.round(1), Optional::isPresent)
              .orElseThrow();
      // more than enough new labels came in meanwhile: round 2 starts at once and trains for a
      // while,
      // and checkpoints go on completing while it does
      long roundOneEnded = first.at().toEpochMilli();
      await("five checkpoints completed after round 1")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> checkpoints(rest, job).stream().filter(c -> c[0] >= roundOneEnded).count(),
              n -> n >= 5);
      assertThat(registry.round(2))
          .as("round 2 is still training when the job is cancelled")
          .isEmpty();

      List<long[]> checkpoints = checkpoints(rest, job);
      Instant cancelledAt = Instant.now();
      job.cancel().get();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> job.getJobStatus().get().isGloballyTerminalState());
      Duration stopping = Duration.between(cancelledAt, Instant.now());

      long roundStart = first.started().toEpochMilli();
      List<Long> duringRounds =
          checkpoints.stream().filter(c -> c[0] >= roundStart).map(c -> c[1]).toList();
      long longest = duringRounds.stream().mapToLong(Long::longValue).max().orElse(-1);
      System.out.printf(
          "round 1 trained %.1f s (%s); %d checkpoints completed while rounds trained, longest %d ms, "
              + "all %s ms; cancelled mid-round 2, stopped after %.1f s%n",
          Duration.between(first.started(), first.at()).toMillis() / 1000.0,
          first.verdict(),
          duringRounds.size(),
          longest,
          duringRounds,
          stopping.toMillis() / 1000.0);
      assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.CANCELED);
      assertThat(duringRounds)
          .as("checkpoints completed while rounds trained")
          .hasSizeGreaterThanOrEqualTo(5);
      assertThat(longest).isLessThan(5_000);
      assertThat(stopping).isLessThan(Duration.ofSeconds(10));
    }
  }

  /** Completed checkpoints from Flink's statistics: trigger time and end-to-end duration, in milliseconds. */
  private static List<long[]> checkpoints(URI rest, JobClient job) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(rest.resolve("/jobs/" + job.getJobID() + "/checkpoints"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode stats = JSON.readTree(response.body());
    List<long[]> completed = new ArrayList<>();
    for (JsonNode c : stats.path("history")) {
      if ("COMPLETED".equals(c.path("status").asText())) {
        completed.add(
            new long[] {
              c.path("trigger_timestamp").asLong(), c.path("end_to_end_duration").asLong()
            });
      }
    }
    return completed;
  }
}
