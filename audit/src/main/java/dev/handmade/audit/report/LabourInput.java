package dev.handmade.audit.report;

import java.util.List;

/**
 * What the labelling service tells the report about the people who label: its pay ledger, one row
 * per labeller and day, with the settings it was paid under, and each labeller's record on gold
 * tasks.
 *
 * @param source where the rows came from and for which days, for the report to say
 * @param floorHourlyCents the wage floor in cents an active hour; 0 when none is configured
 * @param gold each labeller's answers on gold tasks; empty when the service was not asked or
 *     could not say, and the report then bounds people's error by their disagreement alone
 */
public record LabourInput(
    String source,
    String currency,
    long floorHourlyCents,
    List<LabellerDay> days,
    List<LabellerGold> gold) {

  public LabourInput {
    days = List.copyOf(days);
    gold = List.copyOf(gold);
  }

  /** For a report made without the labelling service. */
  public static LabourInput none() {
    return new LabourInput("none", "EUR", 0, List.of(), List.of());
  }

  /**
   * One labeller's day: piece pay for the answers given, and the top-up that lifted the day to
   * the wage floor once it was settled.
   */
  public record LabellerDay(
      String labellerId,
      String day,
      long tasks,
      long activeMillis,
      long pieceCents,
      long topUpCents,
      boolean settled) {}

  /** One labeller's record on gold tasks (tasks whose class is known), by id or pseudonym. */
  public record LabellerGold(String labellerId, long goldAnswers, long goldCorrect) {

    public LabellerGold {
      if (goldAnswers < 0 || goldCorrect < 0 || goldCorrect > goldAnswers) {
        throw new IllegalArgumentException(
            "labeller "
                + labellerId
                + ": "
                + goldCorrect
                + " right of "
                + goldAnswers
                + " gold answers");
      }
    }
  }
}
