package dev.handmade.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LeaseView;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.schema.ObjectClass;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, in-process: on an empty data folder the stack comes up with no
 * set-up, the labeller page's API serves a real queued frame within two minutes, and a second
 * start on the same folder resumes the job from its checkpoint and keeps the tasks.
 */
class LocalStackITCase {

  private static StackSettings settings(Path data, int simulatedLabellers) {
    return new StackSettings(
        data,
        null,
        "handmade",
        "handmade-local-secret",
        "handmade",
        0,
        null,
        null,
        null,
        0,
        "simulator",
        5,
        Long.MAX_VALUE,
        7,
        new SimulatedLabellers.Crowd(simulatedLabellers, 1, 1, 0.1, 7),
        1,
        Duration.ofSeconds(1),
        Map.of(),
        null);
  }

  @Test
  void comesUpOnAnEmptyFolderServesAQueuedFrameAndResumes(@TempDir Path data) throws Exception {
    String labeller;
    try (LocalStack stack = LocalStack.start(settings(data, 0))) {
      assertThat(stack.resumedFrom()).isEmpty();
      labeller =
          client(stack.labellingUrl(), stack.adminToken()).createAccount("me", "labeller").token();

      LeaseView lease = awaitLease(client(stack.labellingUrl(), labeller), Duration.ofMinutes(2));
      JsonNode frame = lease.frame();
      assertThat(frame.get("frameId").asText()).startsWith("sim-7-");
      assertThat(frame.get("camera").get("rgbBase64").asText()).isNotEmpty();
      assertThat(frame.get("lidar").isArray()).isTrue();
      assertThat(frame.has("groundTruth")).isFalse();
      client(stack.labellingUrl(), labeller).answer(lease.leaseId(), ObjectClass.CAR, 3000);

      // keep it running until a checkpoint has been written, so the next start has one to resume
      Path checkpoints = data.resolve("flink").resolve("checkpoints");
      await("a checkpoint in " + checkpoints)
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> StackJob.latestCheckpoint(checkpoints).isPresent());
    }

    // the second start also brings simulated labellers, as the README's command does by default
    try (LocalStack again = LocalStack.start(settings(data, 1))) {
      assertThat(again.resumedFrom()).isPresent();
      LabellingApiClient me = client(again.labellingUrl(), labeller);
      assertThat(me.today().tasksDone()).isEqualTo(1);
      assertThat(awaitLease(me, Duration.ofMinutes(2)).frame()).isNotNull();
      await("an answer from the simulated labellers")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> again.simulatedAnswers() > 0);
    }
  }

  /** The first frames take a while through the job before a task reaches the labeller. */
  private static LeaseView awaitLease(LabellingApiClient labeller, Duration patience) {
    return await("a task for the labeller")
        .atMost(patience)
        .pollInterval(Duration.ofMillis(500))
        .until(labeller::lease, Optional::isPresent)
        .get();
  }

  private static LabellingApiClient client(String url, String token) {
    return LabellingApiClient.builder().baseUrl(url).token(token).build();
  }
}
