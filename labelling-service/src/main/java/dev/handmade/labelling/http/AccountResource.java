package dev.handmade.labelling.http;

import dev.handmade.labelling.api.AccountView;
import dev.handmade.labelling.api.NewAccountRequest;
import dev.handmade.labelling.api.PieceRateRequest;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.auth.Role;
import dev.handmade.labelling.core.Accounts;
import dev.handmade.labelling.core.Ledger;
import dev.handmade.labelling.core.Rejection;
import io.javalin.http.Context;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Currency;

/** Accounts, pay and the ledger. */
final class AccountResource {

    private final Accounts accounts;
    private final Ledger ledger;
    private final Bodies bodies;
    private final int maxBodyBytes;
    private final Duration idleCutoff;

    AccountResource(Accounts accounts, Ledger ledger, Bodies bodies, int maxBodyBytes, Duration idleCutoff) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.bodies = bodies;
        this.maxBodyBytes = maxBodyBytes;
        this.idleCutoff = idleCutoff;
    }

    void me(Context ctx) {
        Principal p = Requests.principal(ctx);
        ctx.json(new AccountView(p.labellerId(), p.name(), p.role().wireName(), null, idleCutoff.toMillis()));
    }

    void today(Context ctx) {
        ctx.json(ledger.today(Requests.principal(ctx)));
    }

    void labellers(Context ctx) {
        ctx.json(accounts.labellers());
    }

    /** A labeller reads their own ledger; admins and auditors read anyone's. */
    void ledger(Context ctx) {
        Principal caller = Requests.principal(ctx);
        String labellerId = ctx.pathParam("labellerId");
        boolean self = caller.labellerId().equals(labellerId);
        if (!self && caller.role() != Role.ADMIN && caller.role() != Role.AUDITOR) {
            throw Rejection.forbidden("only admins and auditors read another account's ledger");
        }
        Principal owner = self ? caller : accounts.byLabellerId(labellerId)
                .orElseThrow(() -> Rejection.notFound("labellerId", "no account '" + labellerId + "'"));
        LocalDate[] range = Requests.dayRange(ctx, ledger.today());
        ctx.json(ledger.ledger(owner, range[0], range[1]));
    }

    void createAccount(Context ctx) {
        NewAccountRequest request = bodies.parse(ctx, maxBodyBytes, NewAccountRequest.class);
        ctx.status(201).json(accounts.create(request.name(), request.role()));
    }

    void setPieceRate(Context ctx) {
        PieceRateRequest request = bodies.parse(ctx, maxBodyBytes, PieceRateRequest.class);
        if (request.cents() == null || request.cents() < 0 || request.cents() > 1_000_000) {
            throw Rejection.badInput("cents", "required, 0..1000000");
        }
        if (request.currency() == null || !isCurrency(request.currency())) {
            throw Rejection.badInput("currency", "required, an ISO 4217 code such as EUR");
        }
        ledger.setRate(Requests.principal(ctx), request.taskKind(), request.cents(), request.currency());
        ctx.status(201).json(request);
    }

    private static boolean isCurrency(String code) {
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
