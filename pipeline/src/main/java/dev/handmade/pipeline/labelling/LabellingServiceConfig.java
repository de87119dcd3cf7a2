package dev.handmade.pipeline.labelling;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Where the labelling service is and how hard to try reaching it. Serializable so that the job
 * can ship it to the sink writers and source readers, which each open their own {@link
 * LabellingClient}.
 *
 * @param baseUrl {@code http(s)://host[:port]}, without a path; a trailing slash is dropped
 * @param token the bearer token of a pipeline (or admin) account
 * @param requestTimeout how long one HTTP request may take, connection included
 * @param maxTasksPerRequest intake chunk size; the count must stay under the service's
 *     {@code limits.intakeTasks}
 * @param maxRequestBytes largest intake body; a chunk that encodes larger is sent in halves, so
 *     this must not exceed the service's {@code limits.intakeBodyBytes}
 * @param maxAttempts tries of one request, the first included, before the failure is final
 * @param initialBackoff wait before the first retry; each further retry waits twice as long, up
 *     to {@link #MAX_BACKOFF}
 */
public record LabellingServiceConfig(
    String baseUrl,
    String token,
    Duration requestTimeout,
    int maxTasksPerRequest,
    int maxRequestBytes,
    int maxAttempts,
    Duration initialBackoff)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Caps the doubling so that a long outage is probed every half minute, not every hour. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  public LabellingServiceConfig {
    baseUrl = baseUrl == null ? null : baseUrl.strip();
    if (baseUrl == null || baseUrl.isEmpty()) {
      throw invalid(LabellingConnectorOptions.BASE_URL.key(), "is missing");
    }
    String urlProblem = checkUrl(baseUrl);
    if (urlProblem != null) {
      throw invalid(LabellingConnectorOptions.BASE_URL.key(), urlProblem);
    }
    if (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    if (token == null || token.isBlank()) {
      throw invalid(LabellingConnectorOptions.TOKEN.key(), "is missing");
    }
    if (token.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      // a header value with spaces or control characters would be refused by HttpClient later,
      // with a message that does not say which setting was wrong
      throw invalid(
          LabellingConnectorOptions.TOKEN.key(), "must be printable ASCII without spaces");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw invalid(
          LabellingConnectorOptions.REQUEST_TIMEOUT.key(),
          "must be positive, was " + requestTimeout);
    }
    if (maxTasksPerRequest < 1) {
      throw invalid(
          LabellingConnectorOptions.MAX_TASKS_PER_REQUEST.key(),
          "must be at least 1, was " + maxTasksPerRequest);
    }
    if (maxRequestBytes < 1024) {
      throw invalid(
          LabellingConnectorOptions.MAX_REQUEST_BYTES.key(),
          "must be at least 1024, was " + maxRequestBytes);
    }
    if (maxAttempts < 1) {
      throw invalid(
          LabellingConnectorOptions.MAX_ATTEMPTS.key(), "must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw invalid(
          LabellingConnectorOptions.INITIAL_BACKOFF.key(),
          "must be zero or positive, was " + initialBackoff);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads the {@link LabellingConnectorOptions} from a Flink configuration. */
  public static LabellingServiceConfig fromConfiguration(ReadableConfig conf) {
    return builder()
        .baseUrl(conf.get(LabellingConnectorOptions.BASE_URL))
        .token(conf.get(LabellingConnectorOptions.TOKEN))
        .requestTimeout(conf.get(LabellingConnectorOptions.REQUEST_TIMEOUT))
        .maxTasksPerRequest(conf.get(LabellingConnectorOptions.MAX_TASKS_PER_REQUEST))
        .maxRequestBytes(conf.get(LabellingConnectorOptions.MAX_REQUEST_BYTES))
        .maxAttempts(conf.get(LabellingConnectorOptions.MAX_ATTEMPTS))
        .initialBackoff(conf.get(LabellingConnectorOptions.INITIAL_BACKOFF))
        .build();
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public Duration backoff(int retry) {
    Duration wait = initialBackoff;
    for (int i = 1; i < retry && wait.compareTo(MAX_BACKOFF) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private static IllegalArgumentException invalid(String field, String problem) {
    return new IllegalArgumentException(
        "labelling service configuration: " + field + " " + problem);
  }

  private static String checkUrl(String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      return "'" + url + "' must start with http:// or https://";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "'" + url + "' is not a URL: " + e.getMessage();
    }
    if (uri.getHost() == null) {
      return "'" + url + "' names no host";
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      // the client appends /api/...; a path here would silently be dropped or doubled
      return "'" + url + "' must not have a path";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "'" + url + "' must not have a query or fragment";
    }
    return null;
  }

  /** Keeps the token out of logs and exception messages. */
  @Override
  public String toString() {
    return "LabellingServiceConfig[baseUrl="
        + baseUrl
        + ", token=***"
        + ", requestTimeout="
        + requestTimeout
        + ", maxTasksPerRequest="
        + maxTasksPerRequest
        + ", maxRequestBytes="
        + maxRequestBytes
        + ", maxAttempts="
        + maxAttempts
        + ", initialBackoff="
        + initialBackoff
        + "]";
  }

  /** Defaults from {@link LabellingConnectorOptions}; {@link #build()} checks every value. */
  public static final class Builder {
    private String baseUrl;
    private String token;
    private Duration requestTimeout = LabellingConnectorOptions.REQUEST_TIMEOUT.defaultValue();
    private int maxTasksPerRequest = LabellingConnectorOptions.MAX_TASKS_PER_REQUEST.defaultValue();
    private int maxRequestBytes = LabellingConnectorOptions.MAX_REQUEST_BYTES.defaultValue();
    private int maxAttempts = LabellingConnectorOptions.MAX_ATTEMPTS.defaultValue();
    private Duration initialBackoff = LabellingConnectorOptions.INITIAL_BACKOFF.defaultValue();

    private Builder() {}

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder maxTasksPerRequest(int maxTasksPerRequest) {
      this.maxTasksPerRequest = maxTasksPerRequest;
      return this;
    }

    public Builder maxRequestBytes(int maxRequestBytes) {
      this.maxRequestBytes = maxRequestBytes;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public LabellingServiceConfig build() {
      return new LabellingServiceConfig(
          baseUrl,
          token,
          requestTimeout,
          maxTasksPerRequest,
          maxRequestBytes,
          maxAttempts,
          initialBackoff);
    }
  }
}
