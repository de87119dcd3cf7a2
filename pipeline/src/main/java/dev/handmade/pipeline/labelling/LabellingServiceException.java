package dev.handmade.pipeline.labelling;

import java.io.IOException;

/**
 * A call to the labelling service that failed for good: the service refused it (a 4xx, not
 * retried, since the same request would be refused again), or it stayed unreachable or failing
 * through every attempt.
 */
public final class LabellingServiceException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String url;
  private final int status;
  private final String field;

  LabellingServiceException(String message, String url, int status, String field, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.status = status;
    this.field = field;
  }

  /** The URL of the failed request. */
  public String url() {
    return url;
  }

  /** The HTTP status of the last answer, or 0 when there was none (unreachable, timed out). */
  public int status() {
    return status;
  }

  /** The field the service named in its error, or null. */
  public String field() {
    return field;
  }

  /** True when the service refused the request, as opposed to being unreachable or failing. */
  public boolean refused() {
    return status >= 400 && status < 500 && status != 408 && status != 429;
  }
}
