package dev.handmade.labelling.http;

import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.core.Rejection;
import io.javalin.http.Handler;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * At most a few requests of one account at a time. Each request holds a server thread while it
 * runs (and while its body arrives), so without a bound one token could hold them all and leave
 * none for /health or other people; the extra requests are answered 429 at once.
 */
final class PerCallerLimit {

  private final int permits;
  private final ConcurrentMap<Long, Semaphore> inFlight = new ConcurrentHashMap<>();

  PerCallerLimit(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be 1 or more");
    }
    this.permits = permits;
  }

  /** The handler, run only while the caller has a permit; public routes (no caller) run unbounded. */
  Handler around(Handler handler) {
    return ctx -> {
      Principal caller = ctx.attribute(Requests.PRINCIPAL);
      if (caller == null) {
        handler.handle(ctx);
        return;
      }
      Semaphore semaphore =
          inFlight.computeIfAbsent(caller.accountId(), id -> new Semaphore(permits));
      if (!semaphore.tryAcquire()) {
        ctx.header("Retry-After", "1");
        throw new Rejection(
            Rejection.Reason.TOO_MANY_REQUESTS,
            "Authorization",
            "at most " + permits + " requests of one account at a time; try again shortly");
      }
      try {
        handler.handle(ctx);
      } finally {
        semaphore.release();
      }
    };
  }
}
