package dev.handmade.labelling.http;

import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.core.Rejection;
import io.javalin.http.Context;

/** Small helpers to read what a handler needs from a request. */
final class Requests {

  static final String PRINCIPAL = "handmade.principal";

  private Requests() {}

  static Principal principal(Context ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) {
      throw new Rejection(
          Rejection.Reason.UNAUTHORIZED, "Authorization", "a bearer token is required");
    }
    return p;
  }

  static long longPath(Context ctx, String name) {
    try {
      return Long.parseLong(ctx.pathParam(name));
    } catch (NumberFormatException e) {
      throw Rejection.badInput(name, "must be a whole number");
    }
  }

  static long longQuery(Context ctx, String name, long otherwise) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return otherwise;
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw Rejection.badInput(name, "must be a whole number");
    }
  }
}
