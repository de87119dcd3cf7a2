package dev.handmade.infra.progress;

import dev.handmade.audit.progress.RecentDecisions;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LabellingApiException;
import dev.handmade.labelling.api.QueueStats;
import dev.handmade.schema.ModelVersion;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.registry.ModelRegistry;
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

  private final RecentDecisions decisions;
  private final ModelRegistry registry;
  private final LabellingApiClient labelling;
  private final Clock clock;

  /**
   * Counts decisions from now on.
   *
   * @param labellingUrl the labelling service, whose {@code /api/queue} is read with {@code token}
   */
  public ProgressProbe(ObjectStore store, String labellingUrl, String token, Clock clock) {
    this.decisions = RecentDecisions.fromNow(store);
    this.registry = new ModelRegistry(store);
    this.labelling =
        LabellingApiClient.builder()
            .baseUrl(labellingUrl)
            .token(token)
            .requestTimeout(TIMEOUT)
            .build();
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
    return new ProgressLine(
        clock.instant(), count, model(problems), queue(problems), lastRound(problems), problems);
  }

  private Optional<ProgressLine.Model> model(List<String> problems) {
    try {
      Optional<String> deployed = registry.deployed();
      if (deployed.isEmpty()) {
        return Optional.empty();
      }
      ModelVersion v = registry.describe(deployed.get());
      return Optional.of(
          new ProgressLine.Model(
              v.getVersion(), v.getConfidenceThreshold(), v.getTargetAccuracy()));
    } catch (RuntimeException e) {
      problems.add("deployed model (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  private Optional<ProgressLine.Round> lastRound(List<String> problems) {
    try {
      return registry.lastRound().map(r -> new ProgressLine.Round(r.round(), r.at(), r.verdict()));
    } catch (RuntimeException e) {
      problems.add("last training round (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  private Optional<ProgressLine.Queue> queue(List<String> problems) {
    try {
      QueueStats stats = labelling.queue();
      return Optional.of(new ProgressLine.Queue(stats.open(), stats.escalated()));
    } catch (LabellingApiException e) {
      problems.add(
          "queue ("
              + (e.refused()
                  ? "HTTP " + e.status() + " from " + e.uri()
                  : e.uri() + ": " + (e.answered() ? e.getMessage() : e.getCause()))
              + ")");
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("queue (interrupted)");
      return Optional.empty();
    }
  }
}
