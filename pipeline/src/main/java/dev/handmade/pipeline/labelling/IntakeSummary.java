package dev.handmade.pipeline.labelling;

/**
 * What intake did with a list of tasks.
 *
 * @param created tasks the service did not know before
 * @param existing tasks whose frame it already had: a replay after a restart or a retry of a
 *     request whose answer was lost
 */
public record IntakeSummary(int created, int existing) {

  public static final IntakeSummary NONE = new IntakeSummary(0, 0);

  public IntakeSummary plus(IntakeSummary other) {
    return new IntakeSummary(created + other.created, existing + other.existing);
  }
}
