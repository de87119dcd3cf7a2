package dev.handmade.schema.stats;

/**
 * The Wilson score interval of a binomial share: sensible for small n and for shares near 0 or 1,
 * where the normal approximation is not. The one implementation that the model's threshold, the
 * bound on people's error and the audit report all use; {@code n} may be an effective sample size,
 * not a whole number.
 */
public final class WilsonInterval {

  private WilsonInterval() {}

  /** Lower end for share {@code p} of {@code n} trials at normal quantile {@code z}; 0 when n is 0. */
  public static double lower(double p, double n, double z) {
    if (!(n > 0)) {
      return 0;
    }
    return Math.max(0, centre(p, n, z) - halfWidth(p, n, z));
  }

  /** Upper end for share {@code p} of {@code n} trials at normal quantile {@code z}; 1 when n is 0. */
  public static double upper(double p, double n, double z) {
    if (!(n > 0)) {
      return 1;
    }
    return Math.min(1, centre(p, n, z) + halfWidth(p, n, z));
  }

  private static double centre(double p, double n, double z) {
    double z2 = z * z;
    return (p + z2 / (2 * n)) / (1 + z2 / n);
  }

  private static double halfWidth(double p, double n, double z) {
    double z2 = z * z;
    return z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  }
}
