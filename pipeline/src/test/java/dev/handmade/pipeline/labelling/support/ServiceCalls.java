package dev.handmade.pipeline.labelling.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.api.AccountView;
import dev.handmade.labelling.api.LeaseView;
import dev.handmade.labelling.api.QueueStats;
import dev.handmade.labelling.api.TaskStatus;
import dev.handmade.labelling.api.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The service's API as admins, auditors and labellers call it, read into the service's own wire
 * records with its own mapper: what the tests check against is the service's contract, not this
 * module's idea of it.
 */
public final class ServiceCalls {

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ObjectMapper mapper = Wire.mapper();

  ServiceCalls(String base) {
    this.base = base;
  }

  public record Answered(String taskId, String answer, String labellerToken) {}

  public QueueStats queue() {
    return read(call("GET", "/api/queue", RunningLabellingService.PIPELINE_TOKEN, null, 200),
        QueueStats.class);
  }

  public Optional<TaskStatus> task(String taskId) {
    HttpResponse<String> r = send("GET", "/api/tasks/" + taskId,
        RunningLabellingService.PIPELINE_TOKEN, null);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(read(expect(r, 200), TaskStatus.class));
  }

  /** A new labeller account; returns its token. */
  public String newLabeller(String name) {
    String body = "{\"name\":\"" + name + "\",\"role\":\"labeller\"}";
    return read(call("POST", "/api/accounts", RunningLabellingService.ADMIN_TOKEN, body, 201),
        AccountView.class).token();
  }

  /** The next task for this labeller, or empty when there is none. */
  public Optional<LeaseView> lease(String labellerToken) {
    HttpResponse<String> r = send("POST", "/api/leases", labellerToken, "");
    if (r.statusCode() == 204) {
      return Optional.empty();
    }
    return Optional.of(read(expect(r, 200), LeaseView.class));
  }

  /** Answers a lease; {@code answer} null is "can't tell". */
  public void answer(String labellerToken, long leaseId, String answer) {
    String value = answer == null ? "null" : "\"" + answer + "\"";
    call("POST", "/api/leases/" + leaseId + "/answer", labellerToken,
        "{\"answer\":" + value + ",\"activeMillis\":1200}", 200);
  }

  /**
   * Leases and answers until the queue has nothing more for this labeller, as a person at the
   * labeller's page would, choosing each answer from the task id.
   */
  public List<Answered> answerAll(String labellerToken, Function<String, String> answerOf) {
    return answerSome(labellerToken, Integer.MAX_VALUE, answerOf);
  }

  /** As {@link #answerAll}, but stops after {@code most} answers. */
  public List<Answered> answerSome(
      String labellerToken, int most, Function<String, String> answerOf) {
    List<Answered> done = new ArrayList<>();
    while (done.size() < most) {
      Optional<LeaseView> lease = lease(labellerToken);
      if (lease.isEmpty()) {
        break;
      }
      String answer = answerOf.apply(lease.get().taskId());
      answer(labellerToken, lease.get().leaseId(), answer);
      done.add(new Answered(lease.get().taskId(), answer, labellerToken));
    }
    return done;
  }

  private String call(String method, String path, String token, String body, int expected) {
    return expect(send(method, path, token, body), expected);
  }

  private static String expect(HttpResponse<String> r, int expected) {
    if (r.statusCode() != expected) {
      throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered "
          + r.statusCode() + " (expected " + expected + "): " + r.body());
    }
    return r.body();
  }

  private HttpResponse<String> send(String method, String path, String token, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + type.getSimpleName() + " from " + json, e);
    }
  }
}
