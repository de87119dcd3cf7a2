package dev.handmade.storage;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where an object store is and how to talk to it. Serializable so that a Flink job can ship it
 * to its operators, which build their own {@link ObjectStore} from it when they open.
 *
 * <p>The constructor checks every argument and names all that are wrong at once.
 *
 * @param endpoint {@code http(s)://host[:port]}, without a path
 * @param region null lets the client ask the server (one extra request per bucket)
 * @param connectTimeout how long to wait for a TCP connection; null means {@link
 *     #DEFAULT_CONNECT_TIMEOUT}
 * @param readTimeout how long one socket read or write may stall, not how long a whole transfer
 *     may take; null means {@link #DEFAULT_READ_TIMEOUT}
 */
public record ObjectStoreConfig(
    String endpoint,
    String accessKey,
    String secretKey,
    String bucket,
    String region,
    Duration connectTimeout,
    Duration readTimeout)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Short: an unreachable store should fail a call in seconds, not hang a pipeline. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Long enough for a busy server to start answering a large request. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  // S3's bucket naming rules, minus the rarely used dotted-IP ban
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public ObjectStoreConfig {
    List<String> problems = new ArrayList<>();
    endpoint = endpoint == null ? null : endpoint.strip();
    if (endpoint == null || endpoint.isEmpty()) {
      problems.add("endpoint is missing");
    } else {
      String endpointProblem = endpointProblem(endpoint);
      if (endpointProblem != null) {
        problems.add(endpointProblem);
      } else if (endpoint.endsWith("/")) {
        endpoint = endpoint.substring(0, endpoint.length() - 1);
      }
    }
    if (accessKey == null || accessKey.isBlank()) {
      problems.add("accessKey is missing");
    }
    if (secretKey == null || secretKey.isBlank()) {
      problems.add("secretKey is missing");
    }
    if (bucket == null || bucket.isBlank()) {
      problems.add("bucket is missing");
    } else if (!isBucketName(bucket)) {
      problems.add(
          "bucket '"
              + bucket
              + "' is not a valid S3 bucket name"
              + " (3 to 63 characters: lower-case letters, digits, '.', '-')");
    }
    if (region != null && region.isBlank()) {
      region = null;
    }
    if (connectTimeout == null) {
      connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    } else if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      problems.add("connectTimeout must be positive, was " + connectTimeout);
    }
    if (readTimeout == null) {
      readTimeout = DEFAULT_READ_TIMEOUT;
    } else if (readTimeout.isNegative() || readTimeout.isZero()) {
      problems.add("readTimeout must be positive, was " + readTimeout);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "object store configuration is incomplete: " + String.join("; ", problems));
    }
  }

  /** Whether S3 accepts the name as a bucket's; other configurations check theirs by this rule. */
  public static boolean isBucketName(String name) {
    return name != null && BUCKET.matcher(name).matches();
  }

  /** The same store, another bucket. */
  public ObjectStoreConfig withBucket(String otherBucket) {
    return new ObjectStoreConfig(
        endpoint, accessKey, secretKey, otherBucket, region, connectTimeout, readTimeout);
  }

  /**
   * What is wrong with an endpoint ({@code http(s)://host[:port]}, without a path or query), or
   * null when nothing is; other configurations check theirs by this rule.
   */
  public static String endpointProblem(String endpoint) {
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      return "endpoint '" + endpoint + "' must start with http:// or https://";
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      return "endpoint '" + endpoint + "' is not a URL: " + e.getMessage();
    }
    if (uri.getHost() == null) {
      return "endpoint '" + endpoint + "' names no host";
    }
    if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
      return "endpoint '" + endpoint + "' must not have a path (the bucket is configured apart)";
    }
    if (uri.getRawQuery() != null) {
      return "endpoint '" + endpoint + "' must not have a query";
    }
    return null;
  }

  /** Keeps the secret out of logs and exception messages. */
  @Override
  public String toString() {
    return "ObjectStoreConfig[endpoint="
        + endpoint
        + ", bucket="
        + bucket
        + ", accessKey="
        + accessKey
        + ", secretKey=***"
        + ", region="
        + region
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + "]";
  }
}
