package dev.handmade.audit.report;

import java.util.List;

/**
 * The labelling service's pay ledger, one row per labeller and day, with the settings it was paid
 * under.
 *
 * @param source where the rows came from and for which days, for the report to say
 * @param floorHourlyCents the wage floor in cents an active hour; 0 when none is configured
 */
public record LabourInput(String source, String currency, long floorHourlyCents,
    List<LabellerDay> days) {

  public LabourInput {
    days = List.copyOf(days);
  }

  /** For a report made without the labelling service. */
  public static LabourInput none() {
    return new LabourInput("none", "EUR", 0, List.of());
  }

  /**
   * One labeller's day: piece pay for the answers given, and the top-up that lifted the day to
   * the wage floor once it was settled.
   */
  public record LabellerDay(String labellerId, String day, long tasks, long activeMillis,
      long pieceCents, long topUpCents, boolean settled) {}
}
