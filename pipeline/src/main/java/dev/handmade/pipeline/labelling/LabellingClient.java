package dev.handmade.pipeline.labelling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelTask;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline's HTTP client of the labelling service: task intake and the label feed.
 *
 * <p>Failed requests are retried with exponential backoff when the failure may pass: no
 * connection, a timeout, a 5xx, 408 or 429. Both calls are safe to repeat: intake is idempotent by
 * frame id, and a feed page is a read. Any other 4xx is final at once, since the same request
 * would be refused again; its exception carries the service's error and names the task.
 *
 * <p>Not thread-safe in the sense of ordering: one caller at a time per instance, which is how the
 * sink writer and the split reader use it.
 */
public final class LabellingClient implements AutoCloseable {

  /** Told of each failed attempt that will be retried; the sink counts them as a metric. */
  @FunctionalInterface
  public interface RetryListener {
    RetryListener NONE = (request, failedAttempt, problem) -> {};

    void retrying(String request, int failedAttempt, String problem);
  }

  private static final Pattern TASK_INDEX = Pattern.compile("^tasks\\[(\\d+)]");
  private static final int MAX_ERROR_CHARS = 500;

  private final LabellingServiceConfig config;
  private final RetryListener listener;
  private final ExecutorService executor;
  private final HttpClient http;

  public LabellingClient(LabellingServiceConfig config) {
    this(config, RetryListener.NONE);
  }

  public LabellingClient(LabellingServiceConfig config, RetryListener listener) {
    this.config = config;
    this.listener = listener;
    String threadName = "labelling-client " + config.baseUrl();
    // an executor of our own, so that close() ends the client's threads rather than leaving
    // them to idle out in a TaskManager that restarts tasks many times over
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.requestTimeout())
            .executor(executor)
            .build();
  }

  public LabellingServiceConfig config() {
    return config;
  }

  /**
   * Sends tasks to intake, in requests of at most {@code maxTasksPerRequest} tasks and
   * {@code maxRequestBytes} (halved until they fit, down to one task), and returns once
   * the service has acknowledged every one. A task whose frame the service already knows is
   * counted as existing, not created twice.
   *
   * @throws LabellingServiceException if the service refused a request (naming the task and the
   *     service's error), or stayed unreachable through every attempt (naming the URL); the tasks
   *     of earlier requests are stored then, those of later ones are not
   */
  public IntakeSummary submit(List<LabelTask> tasks) throws IOException, InterruptedException {
    IntakeSummary summary = IntakeSummary.NONE;
    for (int from = 0; from < tasks.size(); from += config.maxTasksPerRequest()) {
      List<LabelTask> chunk =
          tasks.subList(from, Math.min(tasks.size(), from + config.maxTasksPerRequest()));
      summary = summary.plus(submitChunk(chunk));
    }
    return summary;
  }

  private IntakeSummary submitChunk(List<LabelTask> chunk)
      throws IOException, InterruptedException {
    byte[] body = LabellingJson.MAPPER.writeValueAsBytes(LabellingJson.intakeRequest(chunk));
    if (body.length > config.maxRequestBytes() && chunk.size() > 1) {
      // intake is idempotent per task, so a split changes nothing the service stores
      int half = chunk.size() / 2;
      return submitChunk(chunk.subList(0, half)).plus(submitChunk(chunk.subList(half, chunk.size())));
    }
    HttpRequest request =
        request(URI.create(config.baseUrl() + "/api/tasks"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    String what = "intake of " + describe(chunk);
    HttpResponse<String> response = send(request, what, field -> culprit(chunk, field));
    JsonNode result = parse(response, what);
    return new IntakeSummary(result.path("created").asInt(), result.path("existing").asInt());
  }

  /**
   * The feed after a cursor.
   *
   * @param after the last sequence already read, 0 for the start
   * @param limit 1 to 1000 entries
   */
  public FeedPage feed(long after, int limit) throws IOException, InterruptedException {
    if (after < 0) {
      throw new IllegalArgumentException("after must be 0 or more, was " + after);
    }
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be 1..1000, was " + limit);
    }
    URI uri = URI.create(config.baseUrl() + "/api/feed?after=" + after + "&limit=" + limit);
    HttpRequest request = request(uri).GET().build();
    String what = "feed page after sequence " + after;
    HttpResponse<String> response = send(request, what, field -> "");
    JsonNode page = parse(response, what);
    List<HumanLabel> labels;
    try {
      labels = LabellingJson.humanLabels(page.get("entries"));
    } catch (IllegalArgumentException e) {
      throw malformed(uri, what, e.getMessage(), e);
    }
    long previous = after;
    for (HumanLabel label : labels) {
      // the source's exactly-once rests on this order; a page that breaks it must stop the
      // source rather than skip or repeat labels
      if (label.getSequence() <= previous) {
        throw malformed(
            uri, what, "sequence " + label.getSequence() + " does not follow " + previous, null);
      }
      previous = label.getSequence();
    }
    long next = page.path("next").asLong(-1);
    if (next != previous) {
      throw malformed(uri, what, "'next' is " + next + ", the last sequence is " + previous, null);
    }
    return new FeedPage(labels, next);
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(config.requestTimeout())
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + config.token());
  }

  private interface Culprit {
    /** Names what a refused field belongs to, or gives "" when nothing more can be said. */
    String of(String field);
  }

  private HttpResponse<String> send(HttpRequest request, String what, Culprit culprit)
      throws IOException, InterruptedException {
    String url = request.uri().toString();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = null;
      IOException failure = null;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        failure = e;
      }
      String problem;
      int status = 0;
      if (response != null) {
        status = response.statusCode();
        if (status >= 200 && status < 300) {
          return response;
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
          throw refused(request, response, what, culprit);
        }
        problem = "answered " + status + ": " + abbreviate(response.body());
      } else {
        problem = failure.getClass().getSimpleName() + ": " + failure.getMessage();
      }
      if (attempt >= config.maxAttempts()) {
        throw new LabellingServiceException(
            "labelling service at " + url + ": " + what + " failed after " + attempt
                + (attempt == 1 ? " attempt" : " attempts") + "; last: " + problem,
            url,
            status,
            null,
            failure);
      }
      listener.retrying(request.method() + " " + url, attempt, problem);
      Thread.sleep(config.backoff(attempt).toMillis());
    }
  }

  private static LabellingServiceException refused(
      HttpRequest request, HttpResponse<String> response, String what, Culprit culprit) {
    String error = abbreviate(response.body());
    String field = null;
    try {
      JsonNode body = LabellingJson.MAPPER.readTree(response.body());
      if (body != null && body.hasNonNull("error")) {
        error = body.get("error").asText();
        field = body.hasNonNull("field") ? body.get("field").asText() : null;
      }
    } catch (JsonProcessingException e) {
      // not the service's JSON error (a proxy's page, say): the raw body is the best we have
    }
    String about = field == null ? "" : culprit.of(field);
    String url = request.uri().toString();
    return new LabellingServiceException(
        "labelling service refused " + (about.isEmpty() ? what : about) + ": "
            + (field == null ? "" : field + ": ") + error
            + " (" + request.method() + " " + url + " answered " + response.statusCode() + ")",
        url,
        response.statusCode(),
        field,
        null);
  }

  private static JsonNode parse(HttpResponse<String> response, String what)
      throws LabellingServiceException {
    try {
      return LabellingJson.MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw malformed(response.uri(), what, "not JSON: " + abbreviate(response.body()), e);
    }
  }

  private static LabellingServiceException malformed(
      URI uri, String what, String problem, Throwable cause) {
    return new LabellingServiceException(
        "labelling service at " + uri + " answered " + what + " with a malformed body: " + problem,
        uri.toString(),
        200,
        null,
        cause);
  }

  /** "task 't-7' (frame 'f-7')" for a field such as {@code tasks[3].frame.camera}. */
  private static String culprit(List<LabelTask> chunk, String field) {
    Matcher m = TASK_INDEX.matcher(field);
    if (!m.find()) {
      return "";
    }
    int index = Integer.parseInt(m.group(1));
    if (index >= chunk.size()) {
      return "";
    }
    LabelTask task = chunk.get(index);
    return "task '" + task.getTaskId() + "' (frame '" + task.getFrameId() + "')";
  }

  private static String describe(List<LabelTask> chunk) {
    if (chunk.size() == 1) {
      return "task '" + chunk.get(0).getTaskId() + "'";
    }
    return chunk.size() + " tasks '" + chunk.get(0).getTaskId() + "' .. '"
        + chunk.get(chunk.size() - 1).getTaskId() + "'";
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "...";
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
