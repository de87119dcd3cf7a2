package dev.handmade.infra.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, in-process: on an empty data folder the stack comes up with no
 * set-up, the labeller page's API serves a real queued frame within two minutes, and a second
 * start on the same folder resumes the job from its checkpoint and keeps the tasks.
 */
class LocalStackITCase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static LocalStack.Settings settings(Path data, int simulatedLabellers) {
    return new LocalStack.Settings(data, null, "handmade", "handmade-local-secret", "handmade", 0, null, null, null,
        0, "simulator", 5, Long.MAX_VALUE, 7, new SimulatedLabellers.Crowd(simulatedLabellers, 1, 1, 0.1, 7), 1,
        Duration.ofSeconds(1), Map.of(), null);
  }

  @Test
  void comesUpOnAnEmptyFolderServesAQueuedFrameAndResumes(@TempDir Path data) throws Exception {
    String labeller;
    try (LocalStack stack = LocalStack.start(settings(data, 0))) {
      assertThat(stack.resumedFrom()).isEmpty();
      labeller = post(stack.labellingUrl() + "/api/accounts", stack.adminToken(),
          "{\"name\":\"me\",\"role\":\"labeller\"}").get("token").asText();

      JsonNode lease = awaitLease(stack.labellingUrl(), labeller, Duration.ofMinutes(2));
      JsonNode frame = lease.get("frame");
      assertThat(frame.get("frameId").asText()).startsWith("sim-7-");
      assertThat(frame.get("camera").get("rgbBase64").asText()).isNotEmpty();
      assertThat(frame.get("lidar").isArray()).isTrue();
      assertThat(frame.has("groundTruth")).isFalse();
      post(stack.labellingUrl() + "/api/leases/" + lease.get("leaseId").asLong() + "/answer", labeller,
          "{\"answer\":\"car\",\"activeMillis\":3000}");

      // keep it running until a checkpoint has been written, so the next start has one to resume
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (LocalStack.latestCheckpoint(data.resolve("flink").resolve("checkpoints")).isEmpty()
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
    }

    // the second start also brings simulated labellers, as the README's command does by default
    try (LocalStack again = LocalStack.start(settings(data, 1))) {
      assertThat(again.resumedFrom()).isPresent();
      JsonNode today = get(again.labellingUrl() + "/api/me/today", labeller);
      assertThat(today.get("tasksDone").asLong()).isEqualTo(1);
      assertThat(awaitLease(again.labellingUrl(), labeller, Duration.ofMinutes(2)).get("frame")).isNotNull();
      Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
      while (again.simulatedAnswers() == 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
      assertThat(again.simulatedAnswers()).isPositive();
    }
  }

  private JsonNode awaitLease(String url, String token, Duration patience) throws Exception {
    Instant deadline = Instant.now().plus(patience);
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/leases"))
          .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return JSON.readTree(r.body());
      }
      assertThat(r.statusCode()).isEqualTo(204);
      Thread.sleep(500); // the first frames are still on their way through the job
    }
    throw new AssertionError("no task reached the labeller within " + patience);
  }

  private JsonNode post(String url, String token, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
  }

  private JsonNode get(String url, String token) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
