package dev.handmade.audit.report;

import dev.handmade.audit.report.AuditReport.Proportion;

/** The Wilson score interval for a binomial share, which stays sensible for small n and p near 1. */
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
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    // at p = 0 or 1 the interval touches the bound exactly; rounding would leave it a hair short
    double lower = successes == 0 ? 0 : Math.max(0, centre - half);
    double upper = successes == n ? 1 : Math.min(1, centre + half);
    return new Proportion(key, n, successes, p, lower, upper);
  }
}
