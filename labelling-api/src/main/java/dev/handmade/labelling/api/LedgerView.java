package dev.handmade.labelling.api;

import java.util.List;

/**
 * A labeller's pay ledger, per entry and per day. A day shows its piece pay and its wage-floor
 * top-up apart; {@code earningsCents} is their total, and the hourly wage is given before the
 * top-up ({@code pieceHourlyCents}) and after it ({@code effectiveHourlyCents}).
 */
public record LedgerView(String labellerId, List<Day> days, List<Entry> entries) {
  public record Day(
      String day,
      long tasks,
      long activeMillis,
      long pieceCents,
      long topUpCents,
      long earningsCents,
      String currency,
      Long pieceHourlyCents,
      Long effectiveHourlyCents,
      boolean settled) {}

  /** {@code entryType} "piece" pays one answer; "top_up" lifts a settled day to the wage floor. */
  public record Entry(
      long entryId,
      String entryType,
      String taskKind,
      String taskId,
      long amountCents,
      String currency,
      long activeMillis,
      String day,
      long createdAt) {}
}
