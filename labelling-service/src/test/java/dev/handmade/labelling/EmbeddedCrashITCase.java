package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's `serve` with its embedded PostgreSQL, in a child JVM, killed with SIGKILL while
 * it runs: the PostgreSQL server it started survives it and holds the data folder. Started again
 * on the same folder, the service stops that orphan, comes up, and has every answer it
 * acknowledged before the kill.
 */
class EmbeddedCrashITCase {

  private static final String ADMIN = "crash-admin-token-0123456789";
  private static final String PIPELINE = "crash-pipeline-token-0123456789";
  private static final int TASKS = 12;

  @Test
  void comesUpAfterSigkillWithEveryAcknowledgedAnswer(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("labelling-db");
    Map<String, String> acknowledged = new HashMap<>();
    String labeller;
    Process first = serve(data, dir.resolve("first.log"));
    try {
      Api api = awaitUp(first, dir.resolve("first.log"));
      StringBuilder tasks = new StringBuilder();
      for (int i = 0; i < TASKS; i++) {
        tasks.append(i == 0 ? "" : ",").append(Frames.uncertain("crash-" + i, 1));
      }
      assertThat(api.intake(PIPELINE, tasks.toString()).status()).isEqualTo(201);
      labeller = api.newAccount(ADMIN, "crash-labeller", "labeller");
      for (int i = 0; i < TASKS - 2; i++) {
        Api.Response lease = api.lease(labeller);
        String taskId = lease.json().get("taskId").asText();
        Api.Response answer =
            api.answer(labeller, lease.json().get("leaseId").asLong(), "car", 1000);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        acknowledged.put(taskId, "car");
      }
      // one lease held, unanswered, when the kill comes
      assertThat(api.lease(labeller).status()).isEqualTo(200);
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook runs, PostgreSQL is left running
      first.waitFor(30, TimeUnit.SECONDS);
    }
    Optional<ProcessHandle> orphan = postmaster(data);
    assertThat(orphan).as("the embedded PostgreSQL outlived the JVM that started it").isPresent();
    System.out.println(
        "after SIGKILL: PostgreSQL pid " + orphan.get().pid() + " still running on " + data);

    Process second = serve(data, dir.resolve("second.log"));
    try {
      Api api = awaitUp(second, dir.resolve("second.log"));
      assertThat(orphan.get().isAlive()).as("the orphan was stopped").isFalse();
      int found = 0;
      for (Map.Entry<String, String> answer : acknowledged.entrySet()) {
        JsonNode task = api.get("/api/tasks/" + answer.getKey(), ADMIN).json();
        assertThat(task.get("state").asText()).isEqualTo("verified");
        assertThat(task.get("answers").get(0).get("answer").asText()).isEqualTo(answer.getValue());
        found++;
      }
      JsonNode feed = api.feed(PIPELINE, 0, 100).get("entries");
      assertThat(feed).hasSize(acknowledged.size());
      for (int i = 0; i < feed.size(); i++) {
        assertThat(feed.get(i).get("sequence").asLong()).isEqualTo(i + 1);
      }
      assertThat(api.get("/api/me/today", labeller).json().get("tasksDone").asInt())
          .isEqualTo(acknowledged.size());
      System.out.println(
          "after restart: "
              + found
              + " of "
              + acknowledged.size()
              + " acknowledged answers stored, feed "
              + feed.size()
              + " entries without gaps");
      // the lease held at the kill is still the labeller's one live lease, or has expired
      assertThat(api.lease(labeller).status()).isEqualTo(200);
    } finally {
      second.destroy(); // SIGTERM: the shutdown hook stops the service and its PostgreSQL
      if (!second.waitFor(60, TimeUnit.SECONDS)) {
        second.destroyForcibly();
      }
      postmaster(data).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static Process serve(Path data, Path log) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                Integer.toString(port),
                "--data-dir",
                data.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("HANDMADE_BOOTSTRAP_ADMIN_TOKEN", ADMIN);
    builder.environment().put("HANDMADE_BOOTSTRAP_PIPELINE_TOKEN", PIPELINE);
    builder.environment().put("HANDMADE_HTTP_HOST", "127.0.0.1");
    return builder.start();
  }

  private static Api awaitUp(Process process, Path log) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "serve exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      String out = Files.readString(log);
      int at = out.indexOf("listening on port ");
      if (at >= 0) {
        int port = Integer.parseInt(out.substring(at + 18).split("\\D", 2)[0]);
        Api api = new Api(port);
        if (api.get("/health", null).status() == 200) {
          return api;
        }
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("serve did not come up within 120 s:\n" + Files.readString(log));
  }

  /** The live postgres process that postmaster.pid names, if any. */
  private static Optional<ProcessHandle> postmaster(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(pidFile));
    return lines.isEmpty()
        ? Optional.empty()
        : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
  }
}
