package dev.handmade.infra.progress;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.handmade.audit.progress.RecentDecisions;
import dev.handmade.labelling.api.QueueStats;
import dev.handmade.schema.ModelVersion;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.ModelRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the parts of a {@link ProgressLine}: the audit log's new files, the registry's deployed
 * version and last round, and the labelling service's queue. A part that cannot be read is left
 * out and named, so a line is printed whatever is down.
 */
public final class ProgressProbe {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** The service may add counts; the line needs two of them. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final RecentDecisions decisions;
  private final ModelRegistry registry;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI queueUri;
  private final String token;
  private final Clock clock;

  /**
   * Counts decisions from now on.
   *
   * @param labellingUrl the labelling service, whose {@code /api/queue} is read with {@code token}
   */
  public ProgressProbe(ObjectStore store, String labellingUrl, String token, Clock clock) {
    this.decisions = RecentDecisions.fromNow(store);
    this.registry = new ModelRegistry(store);
    this.queueUri = URI.create(labellingUrl.replaceAll("/+$", "") + "/api/queue");
    this.token = token;
    this.clock = clock;
  }

  /** Reads every part now; the decisions are those committed since the last call. */
  public ProgressLine read() {
    List<String> problems = new ArrayList<>();
    RecentDecisions.Count count;
    try {
      count = decisions.next();
    } catch (RuntimeException e) {
      problems.add("audit log (" + e.getMessage() + ")");
      count = new RecentDecisions.Count(0, 0, 0, List.of());
    }
    return new ProgressLine(clock.instant(), count, model(problems), queue(problems),
        lastRound(problems), problems);
  }

  private Optional<ProgressLine.Model> model(List<String> problems) {
    try {
      Optional<String> deployed = registry.deployed();
      if (deployed.isEmpty()) {
        return Optional.empty();
      }
      ModelVersion v = registry.describe(deployed.get());
      return Optional.of(new ProgressLine.Model(v.getVersion(), v.getConfidenceThreshold(),
          v.getTargetAccuracy()));
    } catch (RuntimeException e) {
      problems.add("deployed model (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  private Optional<ProgressLine.Round> lastRound(List<String> problems) {
    try {
      return registry.lastRound()
          .map(r -> new ProgressLine.Round(r.round(), r.at(), r.verdict()));
    } catch (RuntimeException e) {
      problems.add("last training round (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  private Optional<ProgressLine.Queue> queue(List<String> problems) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(queueUri)
          .header("Authorization", "Bearer " + token).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        problems.add("queue (HTTP " + response.statusCode() + " from " + queueUri + ")");
        return Optional.empty();
      }
      QueueStats stats = JSON.readValue(response.body(), QueueStats.class);
      return Optional.of(new ProgressLine.Queue(stats.open(), stats.escalated()));
    } catch (IOException e) {
      problems.add("queue (" + queueUri + ": " + e + ")");
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("queue (interrupted)");
      return Optional.empty();
    }
  }
}
