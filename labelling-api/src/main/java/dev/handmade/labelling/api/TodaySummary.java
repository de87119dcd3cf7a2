package dev.handmade.labelling.api;

/**
 * One labeller's day so far: the panel on their page. A day gets its wage-floor top-up only once
 * it has ended, so today's {@code topUpCents} is 0 until then; {@code earningsCents} is the total.
 */
public record TodaySummary(
    String day,
    long tasksDone,
    long activeMillis,
    long pieceCents,
    long topUpCents,
    long earningsCents,
    String currency,
    Long pieceHourlyCents,
    Long effectiveHourlyCents) {}
