package dev.handmade.pipeline.routing;

/**
 * How many tasks people can still take: a token bucket refilled at the configured hourly rate,
 * holding at most an hour's worth. While the bucket is more than half full every uncertain frame
 * is admitted; below that, only frames more uncertain than the running median of recent ones,
 * so when people are the bottleneck their time goes to the most informative frames.
 */
final class CapacityBudget implements java.io.Serializable {

  private final double perMillisecond;
  private final double capacity;
  private double tokens;
  private long lastRefill;

  /** Running median of recent uncertainties (stochastic approximation). */
  private double median = 0.5;

  CapacityBudget(double tasksPerHour) {
    this.perMillisecond = tasksPerHour / 3_600_000.0;
    this.capacity = Math.max(1, tasksPerHour);
    this.tokens = capacity;
    this.lastRefill = -1;
  }

  /** Whether a frame of this uncertainty (0..1, larger is more uncertain) may go to people now. */
  boolean admit(double uncertainty, long nowMillis) {
    if (lastRefill >= 0) {
      tokens = Math.min(capacity, tokens + Math.max(0, nowMillis - lastRefill) * perMillisecond);
    }
    lastRefill = nowMillis;
    median += 0.02 * Math.signum(uncertainty - median);
    boolean informativeEnough = tokens > capacity / 2 || uncertainty >= median;
    if (tokens >= 1 && informativeEnough) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
