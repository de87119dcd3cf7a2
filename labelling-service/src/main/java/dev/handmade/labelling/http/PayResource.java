package dev.handmade.labelling.http;

import dev.handmade.labelling.core.Ledger;
import io.javalin.http.Context;

/** The wage floor: settling a day and every labeller's pay per day. */
final class PayResource {

  private final Ledger ledger;
  private final Bodies bodies;
  private final int maxBodyBytes;
  private final AuditorView auditorView;

  PayResource(Ledger ledger, Bodies bodies, int maxBodyBytes, AuditorView auditorView) {
    this.auditorView = auditorView;
    this.ledger = ledger;
    this.bodies = bodies;
    this.maxBodyBytes = maxBodyBytes;
  }

  void settle(Context ctx) {
    bodies.read(ctx, maxBodyBytes);
    ctx.json(ledger.settle(DayRange.day(ctx, "day", null)));
  }

  void days(Context ctx) {
    DayRange range = DayRange.of(ctx, ledger.today());
    var days = ledger.payDays(range.from(), range.to());
    ctx.json(AuditorView.applies(Requests.principal(ctx)) ? auditorView.payDays(days) : days);
  }
}
