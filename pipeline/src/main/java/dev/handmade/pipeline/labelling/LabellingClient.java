package dev.handmade.pipeline.labelling;

import dev.handmade.labelling.api.IntakeRequest;
import dev.handmade.labelling.api.IntakeResult;
import dev.handmade.labelling.api.LabellingApiClient;
import dev.handmade.labelling.api.LabellingApiException;
import dev.handmade.labelling.api.TaskSubmission;
import dev.handmade.labelling.api.Wire;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelTask;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline's client of the labelling service: task intake and the label feed, through the
 * API's typed {@link LabellingApiClient}, with retries and messages that name the task.
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

  private final LabellingServiceConfig config;
  private final RetryListener listener;
  private final ExecutorService executor;
  private final LabellingApiClient api;

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
    this.api =
        LabellingApiClient.builder()
            .baseUrl(config.baseUrl())
            .token(config.token())
            .requestTimeout(config.requestTimeout())
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
    List<TaskSubmission> tasks = chunk.stream().map(WireRecords::task).toList();
    if (chunk.size() > 1
        && Wire.mapper().writeValueAsBytes(new IntakeRequest(tasks)).length
            > config.maxRequestBytes()) {
      // intake is idempotent per task, so a split changes nothing the service stores
      int half = chunk.size() / 2;
      return submitChunk(chunk.subList(0, half))
          .plus(submitChunk(chunk.subList(half, chunk.size())));
    }
    IntakeResult result =
        withRetries(
            "intake of " + describe(chunk),
            field -> culprit(chunk, field),
            () -> api.submitTasks(tasks));
    return new IntakeSummary(result.created(), result.existing());
  }

  /**
   * The feed after a cursor.
   *
   * @param after the last sequence already read, 0 for the start
   * @param limit 1 to 1000 entries
   */
  public FeedPage feed(long after, int limit) throws IOException, InterruptedException {
    String what = "feed page after sequence " + after;
    // the API's page of FeedEntries, not yet this package's FeedPage of HumanLabels
    var page = withRetries(what, field -> "", () -> api.feed(after, limit));
    String url = config.baseUrl() + "/api/feed?after=" + after + "&limit=" + limit;
    List<HumanLabel> labels;
    try {
      labels = page.entries().stream().map(WireRecords::humanLabel).toList();
    } catch (IllegalArgumentException e) {
      throw malformed(url, what, e.getMessage(), e);
    }
    long previous = after;
    for (HumanLabel label : labels) {
      // the source's exactly-once rests on this order; a page that breaks it must stop the
      // source rather than skip or repeat labels
      if (label.getSequence() <= previous) {
        throw malformed(
            url, what, "sequence " + label.getSequence() + " does not follow " + previous, null);
      }
      previous = label.getSequence();
    }
    if (page.next() != previous) {
      throw malformed(
          url, what, "'next' is " + page.next() + ", the last sequence is " + previous, null);
    }
    return new FeedPage(labels, page.next());
  }

  private interface Call<T> {
    T make() throws LabellingApiException, InterruptedException;
  }

  private interface Culprit {
    /** Names what a refused field belongs to, or gives "" when nothing more can be said. */
    String of(String field);
  }

  private <T> T withRetries(String what, Culprit culprit, Call<T> call)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      LabellingApiException failure;
      try {
        return call.make();
      } catch (LabellingApiException e) {
        failure = e;
      }
      int status = failure.status();
      String url = failure.uri().toString();
      if (status >= 200 && status < 300) {
        throw malformed(url, what, failure.getMessage(), failure);
      }
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        throw refused(failure, what, culprit);
      }
      String problem =
          failure.answered()
              ? "answered " + status + ": " + failure.body()
              : failure.getCause().getClass().getSimpleName()
                  + ": "
                  + failure.getCause().getMessage();
      if (attempt >= config.maxAttempts()) {
        throw new LabellingServiceException(
            "labelling service at "
                + url
                + ": "
                + what
                + " failed after "
                + attempt
                + (attempt == 1 ? " attempt" : " attempts")
                + "; last: "
                + problem,
            url,
            status,
            null,
            failure.answered() ? null : failure.getCause());
      }
      listener.retrying(failure.method() + " " + url, attempt, problem);
      Thread.sleep(config.backoff(attempt).toMillis());
    }
  }

  private static LabellingServiceException refused(
      LabellingApiException e, String what, Culprit culprit) {
    String field = e.field();
    String about = field == null ? "" : culprit.of(field);
    String url = e.uri().toString();
    return new LabellingServiceException(
        "labelling service refused "
            + (about.isEmpty() ? what : about)
            + ": "
            + (field == null ? "" : field + ": ")
            + e.reason()
            + " ("
            + e.method()
            + " "
            + url
            + " answered "
            + e.status()
            + ")",
        url,
        e.status(),
        field,
        null);
  }

  private static LabellingServiceException malformed(
      String url, String what, String problem, Throwable cause) {
    return new LabellingServiceException(
        "labelling service at " + url + " answered " + what + " with a malformed body: " + problem,
        url,
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
    return chunk.size()
        + " tasks '"
        + chunk.get(0).getTaskId()
        + "' .. '"
        + chunk.get(chunk.size() - 1).getTaskId()
        + "'";
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
