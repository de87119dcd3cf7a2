package dev.handmade.labelling.api;

import java.util.List;

/** Every labeller's pay per day, for admins and auditors, with the floor now configured. */
public record PayDaysView(
    String from, String to, long minimumHourlyCents, String currency, List<Row> days) {
  public record Row(
      String labellerId,
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
}
