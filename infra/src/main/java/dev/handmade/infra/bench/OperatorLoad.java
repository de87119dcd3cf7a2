package dev.handmade.infra.bench;

/**
 * How one task (a chain of operators, as Flink's REST API names its vertices) spent its time,
 * from Flink's {@code busyTimeMsPerSecond}, {@code backPressuredTimeMsPerSecond} and
 * {@code idleTimeMsPerSecond}, averaged over its subtasks, and the busy time of its busiest
 * subtask: milliseconds per second, 0 to 1000.
 */
public record OperatorLoad(
    String name,
    int parallelism,
    double busyMsPerSecond,
    double busiestSubtaskMsPerSecond,
    double backPressuredMsPerSecond,
    double idleMsPerSecond) {

  public double busyShare() {
    return busyMsPerSecond / 1000;
  }

  public double busiestSubtaskShare() {
    return busiestSubtaskMsPerSecond / 1000;
  }

  public double backPressuredShare() {
    return backPressuredMsPerSecond / 1000;
  }

  public double idleShare() {
    return idleMsPerSecond / 1000;
  }

  /** Cores' worth of time its subtasks spend busy together. */
  public double busyCores() {
    return parallelism * busyShare();
  }
}
