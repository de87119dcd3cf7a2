package dev.handmade.labelling.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.schema.ObjectClass;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labelling service's HTTP API as typed calls, as one account (its bearer token) makes them.
 * Requests and answers are the records of this package, written and read with {@link Wire#mapper()}.
 *
 * <p>Every failed call throws {@link LabellingApiException}, naming the request: no answer
 * (status 0, the HTTP client's exception as its cause), a refusal with the status and the
 * service's JSON error, or an answer that is not the expected record. Nothing is retried here:
 * whether a failure may pass is the caller's to judge (the pipeline's connectors retry, a bench
 * does not).
 *
 * <p>Thread-safe. {@link #withToken} gives another account's client on the same connections.
 */
public final class LabellingApiClient {

  /** The service's routes that this client calls; the contract test finds each in openapi.yaml. */
  enum Endpoint {
    TASK_INTAKE("POST", "/api/tasks"),
    TASK("GET", "/api/tasks/{taskId}"),
    FEED("GET", "/api/feed"),
    QUEUE("GET", "/api/queue"),
    LEASE("POST", "/api/leases"),
    ANSWER("POST", "/api/leases/{leaseId}/answer"),
    TODAY("GET", "/api/me/today"),
    CONTRIBUTIONS("GET", "/api/me/contributions"),
    NEW_ACCOUNT("POST", "/api/accounts"),
    LABELLERS("GET", "/api/labellers"),
    PAY_DAYS("GET", "/api/pay/days");

    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}");

    final String method;

    /** The path as openapi.yaml names it, parameters in braces. */
    final String template;

    Endpoint(String method, String template) {
      this.method = method;
      this.template = template;
    }

    /** The path with its parameters filled in, in order, each encoded as one path segment. */
    String path(Object... values) {
      Matcher m = PARAMETER.matcher(template);
      StringBuilder filled = new StringBuilder();
      int i = 0;
      while (m.find()) {
        String value =
            URLEncoder.encode(String.valueOf(values[i++]), StandardCharsets.UTF_8)
                .replace("+", "%20");
        m.appendReplacement(filled, Matcher.quoteReplacement(value));
      }
      m.appendTail(filled);
      if (i != values.length) {
        throw new IllegalArgumentException(
            template + " takes " + i + " parameters, got " + values.length);
      }
      return filled.toString();
    }
  }

  /** The most entries one feed page may hold. */
  public static final int MAX_FEED_PAGE = 1000;

  private static final ObjectMapper MAPPER = Wire.mapper();

  private final HttpClient http;
  private final String baseUrl;
  private final String token;
  private final Duration requestTimeout;

  private LabellingApiClient(
      HttpClient http, String baseUrl, String token, Duration requestTimeout) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.token = token;
    this.requestTimeout = requestTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** This client as another account: same service, same connections. */
  public LabellingApiClient withToken(String otherToken) {
    return new LabellingApiClient(http, baseUrl, Builder.checkToken(otherToken), requestTimeout);
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Task intake (pipeline, admin); idempotent by frame id. */
  public IntakeResult submitTasks(List<TaskSubmission> tasks)
      throws LabellingApiException, InterruptedException {
    return read(
        send(Endpoint.TASK_INTAKE, Endpoint.TASK_INTAKE.path(), new IntakeRequest(tasks)),
        IntakeResult.class);
  }

  /** A task's state and answers (pipeline, admin, auditor); empty when the service knows no such task. */
  public Optional<TaskStatus> task(String taskId)
      throws LabellingApiException, InterruptedException {
    return readUnless(404, send(Endpoint.TASK, Endpoint.TASK.path(taskId), null), TaskStatus.class);
  }

  /**
   * The feed after a cursor (pipeline, admin, auditor).
   *
   * @param after the last sequence already read, 0 for the start
   * @param limit 1 to {@value #MAX_FEED_PAGE} entries
   */
  public FeedPage feed(long after, int limit) throws LabellingApiException, InterruptedException {
    if (after < 0) {
      throw new IllegalArgumentException("after must be 0 or more, was " + after);
    }
    if (limit < 1 || limit > MAX_FEED_PAGE) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_FEED_PAGE + ", was " + limit);
    }
    return read(
        send(Endpoint.FEED, Endpoint.FEED.path() + "?after=" + after + "&limit=" + limit, null),
        FeedPage.class);
  }

  /** Tasks by state and live leases (pipeline, admin, auditor). */
  public QueueStats queue() throws LabellingApiException, InterruptedException {
    return read(send(Endpoint.QUEUE, Endpoint.QUEUE.path(), null), QueueStats.class);
  }

  /** The next task for this labeller (or the live lease it holds), empty when there is nothing to do now. */
  public Optional<LeaseView> lease() throws LabellingApiException, InterruptedException {
    return readUnless(204, send(Endpoint.LEASE, Endpoint.LEASE.path(), null), LeaseView.class);
  }

  /** Answers this labeller's lease; {@code answer} null is "can't tell". */
  public AnswerReceipt answer(long leaseId, ObjectClass answer, long activeMillis)
      throws LabellingApiException, InterruptedException {
    return read(
        send(
            Endpoint.ANSWER,
            Endpoint.ANSWER.path(leaseId),
            new AnswerRequest(answer, activeMillis)),
        AnswerReceipt.class);
  }

  /** The caller's tasks, active time and earnings today. */
  public TodaySummary today() throws LabellingApiException, InterruptedException {
    return read(send(Endpoint.TODAY, Endpoint.TODAY.path(), null), TodaySummary.class);
  }

  /**
   * The model versions the caller's verified labels went into, and their pay per day from {@code from} to
   * {@code to}, both included (labellers only, for themselves).
   */
  public ContributionsView contributions(LocalDate from, LocalDate to)
      throws LabellingApiException, InterruptedException {
    return read(
        send(
            Endpoint.CONTRIBUTIONS,
            Endpoint.CONTRIBUTIONS.path() + "?from=" + from + "&to=" + to,
            null),
        ContributionsView.class);
  }

  /** A new account (admin); its token is in the answer, the only time the service shows it. */
  public AccountView createAccount(String name, String role)
      throws LabellingApiException, InterruptedException {
    return read(
        send(Endpoint.NEW_ACCOUNT, Endpoint.NEW_ACCOUNT.path(), new NewAccountRequest(name, role)),
        AccountView.class);
  }

  /** Every labeller with their gold record (admin; auditors see pseudonyms and no names). */
  public List<LabellerView> labellers() throws LabellingApiException, InterruptedException {
    return List.of(
        read(send(Endpoint.LABELLERS, Endpoint.LABELLERS.path(), null), LabellerView[].class));
  }

  /** Every labeller's pay per day from {@code from} to {@code to}, both included (admin, auditor). */
  public PayDaysView payDays(LocalDate from, LocalDate to)
      throws LabellingApiException, InterruptedException {
    return read(
        send(Endpoint.PAY_DAYS, Endpoint.PAY_DAYS.path() + "?from=" + from + "&to=" + to, null),
        PayDaysView.class);
  }

  private HttpResponse<String> send(Endpoint endpoint, String pathAndQuery, Object body)
      throws LabellingApiException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
            .timeout(requestTimeout)
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token);
    if (body == null) {
      request.method(endpoint.method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(endpoint.method, HttpRequest.BodyPublishers.ofByteArray(json(body)));
    }
    HttpRequest built = request.build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw LabellingApiException.unanswered(endpoint.method, built.uri(), e);
    }
  }

  private static byte[] json(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // the API's own records always serialize; this is a bug, not a failed call
      throw new IllegalStateException(
          "cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static <T> Optional<T> readUnless(
      int nothing, HttpResponse<String> response, Class<T> type) throws LabellingApiException {
    return response.statusCode() == nothing ? Optional.empty() : Optional.of(read(response, type));
  }

  private static <T> T read(HttpResponse<String> response, Class<T> type)
      throws LabellingApiException {
    String method = response.request().method();
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      throw LabellingApiException.refused(
          method, response.uri(), status, errorBody(response.body()), response.body());
    }
    try {
      T value = MAPPER.readValue(response.body(), type);
      if (value == null) {
        throw LabellingApiException.malformed(
            method, response.uri(), status, "a " + type.getSimpleName(), response.body(), null);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw LabellingApiException.malformed(
          method, response.uri(), status, "a " + type.getSimpleName(), response.body(), e);
    }
  }

  /** The service's {@code {"error", "field"}}, or null when the body is something else. */
  private static ErrorBody errorBody(String body) {
    try {
      ErrorBody error = MAPPER.readValue(body, ErrorBody.class);
      return error != null && error.error() != null ? error : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** {@link #build()} checks every value. */
  public static final class Builder {
    private String baseUrl;
    private String token;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Executor executor;

    private Builder() {}

    /** {@code http(s)://host[:port]}; trailing slashes are dropped. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The bearer token of the account the calls are made as. */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** How long one request may take, connecting included (default 30 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** The threads of the HTTP client, for an owner that must end them when it closes (default: the client's). */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    public LabellingApiClient build() {
      Objects.requireNonNull(baseUrl, "baseUrl");
      String base = baseUrl.strip().replaceAll("/+$", "");
      if (!base.startsWith("http://") && !base.startsWith("https://")) {
        throw new IllegalArgumentException(
            "the labelling service's URL '" + base + "' must start with http:// or https://");
      }
      if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException(
            "requestTimeout must be positive, was " + requestTimeout);
      }
      HttpClient.Builder http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(requestTimeout);
      if (executor != null) {
        http.executor(executor);
      }
      return new LabellingApiClient(http.build(), base, checkToken(token), requestTimeout);
    }

    static String checkToken(String token) {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("a token is required");
      }
      return token;
    }
  }
}
