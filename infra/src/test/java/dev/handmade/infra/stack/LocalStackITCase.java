package dev.handmade.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LeaseView;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.schema.ObjectClass;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    return new StackSettings(data, null, "handmade", "handmade-local-secret", "handmade", 0, null, null, null,
        0, "simulator", 5, Long.MAX_VALUE, 7, new SimulatedLabellers.Crowd(simulatedLabellers, 1, 1, 0.1, 7), 1,
        Duration.ofSeconds(1), Map.of(), null);
  }

  @Test
  void comesUpOnAnEmptyFolderServesAQueuedFrameAndResumes(@TempDir Path data) throws Exception {
    String labeller;
    try (LocalStack stack = LocalStack.start(settings(data, 0))) {
      assertThat(stack.resumedFrom()).isEmpty();
      labeller = client(stack.labellingUrl(), stack.adminToken()).createAccount("me", "labeller").token();

      LeaseView lease = awaitLease(client(stack.labellingUrl(), labeller), Duration.ofMinutes(2));
      JsonNode frame = lease.frame();
      assertThat(frame.get("frameId").asText()).startsWith("sim-7-");
      assertThat(frame.get("camera").get("rgbBase64").asText()).isNotEmpty();
      assertThat(frame.get("lidar").isArray()).isTrue();
      assertThat(frame.has("groundTruth")).isFalse();
      client(stack.labellingUrl(), labeller).answer(lease.leaseId(), ObjectClass.CAR, 3000);

      // keep it running until a checkpoint has been written, so the next start has one to resume
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (StackJob.latestCheckpoint(data.resolve("flink").resolve("checkpoints")).isEmpty()
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
    }

    // the second start also brings simulated labellers, as the README's command does by default
    try (LocalStack again = LocalStack.start(settings(data, 1))) {
      assertThat(again.resumedFrom()).isPresent();
      LabellingApiClient me = client(again.labellingUrl(), labeller);
      assertThat(me.today().tasksDone()).isEqualTo(1);
      assertThat(awaitLease(me, Duration.ofMinutes(2)).frame()).isNotNull();
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (again.simulatedAnswers() == 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
      assertThat(again.simulatedAnswers()).isPositive();
    }
  }

  private static LeaseView awaitLease(LabellingApiClient labeller, Duration patience) throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (Instant.now().isBefore(deadline)) {
      Optional<LeaseView> lease = labeller.lease();
      if (lease.isPresent()) {
        return lease.get();
      }
      Thread.sleep(500); // the first frames are still on their way through the job
    }
    throw new AssertionError("no task reached the labeller within " + patience);
  }

  private static LabellingApiClient client(String url, String token) {
    return LabellingApiClient.builder().baseUrl(url).token(token).build();
  }
}
