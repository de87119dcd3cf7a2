package dev.handmade.labelling.http;

import dev.handmade.labelling.api.AccountView;
import dev.handmade.labelling.api.NewAccountRequest;
import dev.handmade.labelling.api.PieceRateRequest;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.auth.Role;
import dev.handmade.labelling.core.Accounts;
import dev.handmade.labelling.core.Contributions;
import dev.handmade.labelling.core.Ledger;
import dev.handmade.labelling.core.Rejection;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Currency;

/** Accounts, pay and the ledger. */
final class AccountResource {

  private final Accounts accounts;
  private final Ledger ledger;
  private final Bodies bodies;
  private final int maxBodyBytes;
  private final Duration idleCutoff;
  private final AuditorView auditorView;
  private final Contributions contributions;

  AccountResource(
      Accounts accounts,
      Ledger ledger,
      Bodies bodies,
      int maxBodyBytes,
      Duration idleCutoff,
      AuditorView auditorView,
      Contributions contributions) {
    this.auditorView = auditorView;
    this.contributions = contributions;
    this.accounts = accounts;
    this.ledger = ledger;
    this.bodies = bodies;
    this.maxBodyBytes = maxBodyBytes;
    this.idleCutoff = idleCutoff;
  }

  void me(Context ctx) {
    Principal p = Requests.principal(ctx);
    ctx.json(
        new AccountView(
            p.labellerId(), p.name(), p.role().wireName(), null, idleCutoff.toMillis()));
  }

  void today(Context ctx) {
    ctx.json(ledger.today(Requests.principal(ctx)));
  }

  /** The caller's own labels in models and their days; the route admits labellers only. */
  void contributions(Context ctx) {
    DayRange range = DayRange.of(ctx, ledger.today());
    ctx.json(contributions.of(Requests.principal(ctx), range.from(), range.to()));
  }

  void labellers(Context ctx) {
    boolean auditor = AuditorView.applies(Requests.principal(ctx));
    ctx.json(auditor ? auditorView.labellers(accounts.labellers()) : accounts.labellers());
  }

  /** A labeller reads their own ledger; admins read anyone's, auditors anyone's by pseudonym. */
  void ledger(Context ctx) {
    Principal caller = Requests.principal(ctx);
    String labellerId = ctx.pathParam("labellerId");
    boolean self = caller.labellerId().equals(labellerId);
    boolean auditor = !self && AuditorView.applies(caller);
    if (!self && caller.role() != Role.ADMIN && !auditor) {
      throw Rejection.forbidden("only admins and auditors read another account's ledger");
    }
    Principal owner =
        self
            ? caller
            : (auditor
                    ? accounts.byPseudonym(auditorView::pseudonym, labellerId)
                    : accounts.byLabellerId(labellerId))
                .orElseThrow(
                    () ->
                        Rejection.notFound(
                            "labellerId",
                            "no "
                                + (auditor ? "labeller with pseudonym '" : "account '")
                                + labellerId
                                + "'"));
    DayRange range = DayRange.of(ctx, ledger.today());
    var view = ledger.ledger(owner, range.from(), range.to());
    ctx.json(auditor ? auditorView.ledger(view) : view);
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
    ledger.setRate(
        Requests.principal(ctx), request.taskKind(), request.cents(), request.currency());
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
