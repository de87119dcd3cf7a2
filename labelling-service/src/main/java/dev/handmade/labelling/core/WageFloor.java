package dev.handmade.labelling.core;

/**
 * The minimum hourly wage and the top-up it calls for. The floor for a day is the hourly minimum
 * times the day's active time, rounded up to the cent; a day whose piece pay falls short of it
 * gets the difference, so its total is that amount exactly. Integer arithmetic throughout, so
 * that "exactly" holds to the cent.
 */
public record WageFloor(long minimumHourlyCents) {

  static final long MILLIS_PER_HOUR = 3_600_000L;

  public WageFloor {
    if (minimumHourlyCents < 0) {
      throw new IllegalArgumentException("minimumHourlyCents must not be negative");
    }
  }

  /** What a day of this much active time must pay at least: ceil(minimum × hours), in cents. */
  public long floorCents(long activeMillis) {
    if (activeMillis <= 0) {
      return 0;
    }
    // a floor of 1,000,000 cents an hour over a full day is 8.64e13: far from overflowing
    long numerator = Math.multiplyExact(minimumHourlyCents, activeMillis);
    return -Math.floorDiv(-numerator, MILLIS_PER_HOUR);
  }

  /** The top-up a day needs: zero when its piece pay reaches the floor. */
  public long topUpCents(long activeMillis, long pieceCents) {
    return Math.max(0, floorCents(activeMillis) - pieceCents);
  }
}
