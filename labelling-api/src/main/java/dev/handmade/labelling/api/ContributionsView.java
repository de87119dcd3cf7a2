package dev.handmade.labelling.api;

import java.util.List;

/**
 * What one labeller sees of their own work, and nothing of anyone else's: the model versions
 * their verified labels (answers that became a frame's label) were trained on, and their pay per
 * day with the wage floor that applies to it.
 *
 * <p>{@code registryProblem} says why {@code versions} is empty when the model registry is not
 * configured or cannot be read now; it is null when the versions are complete.
 */
public record ContributionsView(
    String labellerId,
    long verifiedLabels,
    List<Version> versions,
    String registryProblem,
    String from,
    String to,
    List<Day> days) {

  /**
   * One published version: how many of this labeller's verified labels it was trained on
   * directly, and with those of its ancestors (each frame counted once).
   */
  public record Version(
      String version, String parent, long publishedAt, long labels, long labelsWithAncestors) {}

  /**
   * One of the labeller's days. {@code floorHourlyCents} is the wage floor the day was settled
   * against, or for a day not yet settled the floor it will be settled against.
   */
  public record Day(
      String day,
      long tasks,
      long activeMillis,
      long pieceCents,
      long topUpCents,
      long earningsCents,
      String currency,
      Long effectiveHourlyCents,
      long floorHourlyCents,
      boolean settled) {}
}
