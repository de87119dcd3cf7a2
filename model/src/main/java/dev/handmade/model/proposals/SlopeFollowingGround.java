package dev.handmade.model.proposals;

/**
 * The ground under every point of a sweep, followed outward from the sensor sector by sector, so
 * that it climbs slopes and kerbs where one plane cannot.
 *
 * <p>The sweep is cut into sectors of {@code sectorDegrees} around the sensor and bins of
 * {@code binMeters} along each sector. Walking out from the sensor, a bin's ground is its lowest
 * point when that point is at most {@code maxSlope * binMeters + maxStep} above the previous
 * bin's ground (the road rising, a kerb); a bin whose lowest point is higher than that holds no
 * ground return (a car's side, a wall) and keeps the previous ground. The walk starts at the
 * height of the global plane under the sensor, so a sector that begins on an object still starts
 * on the road.
 */
public final class SlopeFollowingGround {

  /**
   * @param heightAboveGround of every point, metres (negative below the ground)
   * @param ground whether each point is ground: less than the threshold above it
   */
  public record Result(double[] heightAboveGround, boolean[] ground, int groundPoints) {

    /** The ground's height under point {@code i}, from its own height above it. */
    public double groundZ(float[] xyzi, int i) {
      return xyzi[4 * i + 2] - heightAboveGround[i];
    }
  }

  private final double sectorDegrees;
  private final double binMeters;
  private final double maxSlope;
  private final double maxStep;
  private final double threshold;
  private final double maxRange;

  /**
   * @param sectorDegrees width of a sector around the sensor
   * @param binMeters length of a bin along a sector
   * @param maxSlope steepest road the ground follows (rise over run)
   * @param maxStep highest step between bins beyond the slope (a kerb), metres
   * @param threshold a point less than this above its ground is ground, metres
   * @param maxRange bins end here; farther points share the last bin
   */
  public SlopeFollowingGround(
      double sectorDegrees,
      double binMeters,
      double maxSlope,
      double maxStep,
      double threshold,
      double maxRange) {
    if (!(sectorDegrees > 0 && sectorDegrees <= 45)
        || !(binMeters > 0)
        || !(maxSlope >= 0)
        || !(maxStep >= 0)
        || !(threshold > 0)
        || !(maxRange > binMeters)) {
      throw new IllegalArgumentException(
          String.format(
              "sector %s deg must be in (0, 45], bin %s m > 0, slope %s"
                  + " and step %s >= 0, threshold %s > 0, maxRange %s > bin",
              sectorDegrees, binMeters, maxSlope, maxStep, threshold, maxRange));
    }
    this.sectorDegrees = sectorDegrees;
    this.binMeters = binMeters;
    this.maxSlope = maxSlope;
    this.maxStep = maxStep;
    this.threshold = threshold;
    this.maxRange = maxRange;
  }

  /**
   * @param xyzi four values a point (x, y, z, intensity), lidar frame (z up)
   * @param startHeight the ground's height under the sensor
   */
  public Result fit(float[] xyzi, double startHeight) {
    int n = xyzi.length / 4;
    int sectors = (int) Math.ceil(360 / sectorDegrees);
    int bins = (int) Math.ceil(maxRange / binMeters);
    double[] lowest = new double[sectors * bins];
    java.util.Arrays.fill(lowest, Double.POSITIVE_INFINITY);
    int[] cell = new int[n];
    for (int i = 0; i < n; i++) {
      float x = xyzi[4 * i];
      float y = xyzi[4 * i + 1];
      float z = xyzi[4 * i + 2];
      if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) {
        cell[i] = -1;
        continue;
      }
      double azimuth = Math.toDegrees(Math.atan2(y, x)) + 180;
      int sector = Math.min(sectors - 1, (int) (azimuth / sectorDegrees));
      int bin = Math.min(bins - 1, (int) (Math.hypot(x, y) / binMeters));
      cell[i] = sector * bins + bin;
      lowest[cell[i]] = Math.min(lowest[cell[i]], z);
    }
    double allowed = maxSlope * binMeters + maxStep;
    double[] groundOf = new double[sectors * bins];
    for (int s = 0; s < sectors; s++) {
      double previous = startHeight;
      for (int b = 0; b < bins; b++) {
        double low = lowest[s * bins + b];
        double g = low < previous + allowed ? Math.max(low, previous - allowed) : previous;
        groundOf[s * bins + b] = g;
        previous = g;
      }
    }
    double[] height = new double[n];
    boolean[] ground = new boolean[n];
    int groundPoints = 0;
    for (int i = 0; i < n; i++) {
      if (cell[i] < 0) {
        height[i] = Double.NaN;
        continue;
      }
      // between this bin's ground and the next one's, so that a point at a bin's far end on a
      // slope is measured from the ground under it, not from the bin's lowest point
      int bin = cell[i] % bins;
      double along = Math.hypot(xyzi[4 * i], xyzi[4 * i + 1]) / binMeters - bin;
      double next = bin + 1 < bins ? groundOf[cell[i] + 1] : groundOf[cell[i]];
      double g = groundOf[cell[i]] + Math.max(0, Math.min(1, along)) * (next - groundOf[cell[i]]);
      height[i] = xyzi[4 * i + 2] - g;
      if (height[i] < threshold) {
        ground[i] = true;
        groundPoints++;
      }
    }
    return new Result(height, ground, groundPoints);
  }
}
