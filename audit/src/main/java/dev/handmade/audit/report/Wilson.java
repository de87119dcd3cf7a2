package dev.handmade.audit.report;

import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.schema.stats.WilsonInterval;

/** The report's 95% intervals of binomial shares ({@link WilsonInterval}), as {@link Proportion}s. */
public final class Wilson {

  /** The standard normal quantile for a two-sided 95% interval. */
  public static final double Z95 = 1.959963984540054;

  private Wilson() {}

  /** {@code successes} of {@code n} with its 95% interval; with n = 0, the estimate is 0 in [0, 1]. */
  public static Proportion proportion(String key, long n, long successes) {
    if (n == 0) {
      return new Proportion(key, 0, 0, 0, 0, 1);
    }
    double p = (double) successes / n;
    // at p = 0 or 1 the interval touches the bound exactly; rounding would leave it a hair short
    double lower = successes == 0 ? 0 : WilsonInterval.lower(p, n, Z95);
    double upper = successes == n ? 1 : WilsonInterval.upper(p, n, Z95);
    return new Proportion(key, n, successes, p, lower, upper);
  }
}
