package dev.handmade.labelling.api;

import java.io.IOException;
import java.net.URI;

/**
 * A call to the labelling service that failed, naming the request: it got no answer (status 0;
 * the HTTP client's exception is the cause), the service refused it (a 4xx or 5xx, with its
 * JSON {@link ErrorBody} when it sent one), or its answer was not the record the call expects.
 */
public final class LabellingApiException extends IOException {

  private static final long serialVersionUID = 1L;
  private static final int MAX_BODY_CHARS = 500;

  private final String method;
  private final URI uri;
  private final int status;
  private final ErrorBody error;
  private final String body;

  private LabellingApiException(
      String message,
      String method,
      URI uri,
      int status,
      ErrorBody error,
      String body,
      Throwable cause) {
    super(message, cause);
    this.method = method;
    this.uri = uri;
    this.status = status;
    this.error = error;
    this.body = body;
  }

  static LabellingApiException unanswered(String method, URI uri, IOException cause) {
    return new LabellingApiException(
        method + " " + uri + " got no answer: " + cause, method, uri, 0, null, "", cause);
  }

  static LabellingApiException refused(
      String method, URI uri, int status, ErrorBody error, String body) {
    String clipped = abbreviate(body);
    String what =
        error == null
            ? clipped
            : (error.field() == null ? "" : error.field() + ": ") + error.error();
    return new LabellingApiException(
        method + " " + uri + " answered " + status + ": " + what,
        method,
        uri,
        status,
        error,
        clipped,
        null);
  }

  static LabellingApiException malformed(
      String method, URI uri, int status, String expected, String body, Throwable cause) {
    String clipped = abbreviate(body);
    String problem = cause == null ? "" : ": " + cause.getMessage();
    return new LabellingApiException(
        method
            + " "
            + uri
            + " answered "
            + status
            + " with a body that is not "
            + expected
            + problem,
        method,
        uri,
        status,
        null,
        clipped,
        cause);
  }

  public String method() {
    return method;
  }

  public URI uri() {
    return uri;
  }

  /** The HTTP status of the answer, 0 when there was none (unreachable, timed out). */
  public int status() {
    return status;
  }

  /** True when the service answered, whether it refused the request or answered it with a malformed body. */
  public boolean answered() {
    return status != 0;
  }

  /** True when the service refused the request: a 4xx or 5xx. */
  public boolean refused() {
    return status >= 400;
  }

  /** The service's JSON error, or null when the body was none (a proxy's page, say, or a malformed answer). */
  public ErrorBody error() {
    return error;
  }

  /** The field the service named in its error, or null. */
  public String field() {
    return error == null ? null : error.field();
  }

  /** The service's error text, or the raw body (abbreviated) when it sent no JSON error. */
  public String reason() {
    return error == null ? body : error.error();
  }

  /** The answer's body, abbreviated to 500 characters. */
  public String body() {
    return body;
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_BODY_CHARS ? text : text.substring(0, MAX_BODY_CHARS) + "...";
  }
}
