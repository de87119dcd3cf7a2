package dev.handmade.labelling.core;

/** A request the service turns down, with the field at fault; the HTTP layer maps the reason to a status. */
public class Rejection extends RuntimeException {

  public enum Reason {
    BAD_INPUT,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    LEASE_EXPIRED,
    TOO_LARGE,
    TOO_SLOW,
    UNSUPPORTED_MEDIA_TYPE,
    TOO_MANY_REQUESTS
  }

  private final Reason reason;
  private final String field;

  public Rejection(Reason reason, String field, String message) {
    super(message);
    this.reason = reason;
    this.field = field;
  }

  public static Rejection badInput(String field, String message) {
    return new Rejection(Reason.BAD_INPUT, field, message);
  }

  public static Rejection notFound(String field, String message) {
    return new Rejection(Reason.NOT_FOUND, field, message);
  }

  public static Rejection forbidden(String message) {
    return new Rejection(Reason.FORBIDDEN, null, message);
  }

  public static Rejection conflict(String field, String message) {
    return new Rejection(Reason.CONFLICT, field, message);
  }

  public Reason reason() {
    return reason;
  }

  public String field() {
    return field;
  }
}
