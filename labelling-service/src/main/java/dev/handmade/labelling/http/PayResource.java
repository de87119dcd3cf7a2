package dev.handmade.labelling.http;

import dev.handmade.labelling.core.Ledger;
import io.javalin.http.Context;

import java.time.LocalDate;

/** The wage floor: settling a day and every labeller's pay per day. */
final class PayResource {

    private final Ledger ledger;
    private final Bodies bodies;
    private final int maxBodyBytes;

    PayResource(Ledger ledger, Bodies bodies, int maxBodyBytes) {
        this.ledger = ledger;
        this.bodies = bodies;
        this.maxBodyBytes = maxBodyBytes;
    }

    void settle(Context ctx) {
        bodies.read(ctx, maxBodyBytes);
        ctx.json(ledger.settle(Requests.dayQuery(ctx, "day", null)));
    }

    void days(Context ctx) {
        LocalDate[] range = Requests.dayRange(ctx, ledger.today());
        ctx.json(ledger.payDays(range[0], range[1]));
    }
}
