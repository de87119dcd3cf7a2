package dev.handmade.model.proposals;

import java.util.Arrays;

/**
 * The sweep's returns by direction from the sensor, to tell whether the lidar saw through the gap
 * between two returns: a ray between the two in azimuth and elevation that came back from well
 * beyond both passed between them, so nothing stands there. Pieces of one object hide what is
 * behind the gap between them, or (dark paint) send nothing back from it.
 */
final class LineOfSight {

  /** Width of an azimuth bin of the index, radians: a few of the HDL-64E's 0.08-degree steps. */
  private static final double BIN = Math.toRadians(0.25);

  /**
   * Half the spacing of the HDL-64E's rings (about 0.4 degrees): a ray this far above or below
   * the two returns still passes through the gap between them.
   */
  private static final double HALF_RING = Math.toRadians(0.2);

  /**
   * How far beyond both ends of a gap a ray must come back to have passed between them, metres:
   * deeper than a road user's near face is uneven (bumpers, mirrors, a handlebar), than a ray
   * goes into a hedge before it comes back, and than through a car's glass into its cabin.
   */
  private static final double BEYOND = 1.5;

  private final double[] azimuth;
  private final double[] elevation;
  private final double[] range;
  private final int bins;
  private final int[] start;
  private final int[] members;

  LineOfSight(float[] xyzi) {
    int n = xyzi.length / 4;
    azimuth = new double[n];
    elevation = new double[n];
    range = new double[n];
    bins = (int) Math.ceil(2 * Math.PI / BIN);
    int[] binOf = new int[n];
    int[] counts = new int[bins + 1];
    for (int i = 0; i < n; i++) {
      double x = xyzi[4 * i];
      double y = xyzi[4 * i + 1];
      double z = xyzi[4 * i + 2];
      double horizontal = Math.hypot(x, y);
      range[i] = Math.sqrt(horizontal * horizontal + z * z);
      if (!Double.isFinite(range[i]) || range[i] == 0) {
        binOf[i] = -1;
        continue;
      }
      azimuth[i] = Math.atan2(y, x);
      elevation[i] = Math.atan2(z, horizontal);
      binOf[i] = bin(azimuth[i]);
      counts[binOf[i] + 1]++;
    }
    start = new int[bins + 1];
    for (int b = 0; b < bins; b++) {
      start[b + 1] = start[b] + counts[b + 1];
    }
    members = new int[start[bins]];
    int[] next = Arrays.copyOf(start, bins);
    for (int i = 0; i < n; i++) {
      if (binOf[i] >= 0) {
        members[next[binOf[i]]++] = i;
      }
    }
  }

  /**
   * Whether the lidar saw through the gap between points {@code p} and {@code q}: most of its rays
   * that pass between them came back from more than {@link #BEYOND} farther than both. No return
   * there (a dark paint that sends nothing back) is no evidence either way.
   */
  boolean seenThrough(int p, int q) {
    double from = azimuth[p];
    double span = Math.IEEEremainder(azimuth[q] - from, 2 * Math.PI);
    if (span < 0) {
      from = azimuth[q];
      span = -span;
    }
    double low = Math.min(elevation[p], elevation[q]) - HALF_RING;
    double high = Math.max(elevation[p], elevation[q]) + HALF_RING;
    double farther = Math.max(range[p], range[q]) + BEYOND;
    int through = 0;
    int stopped = 0;
    int last = bin(from + span);
    for (int b = bin(from); ; b = (b + 1) % bins) {
      for (int k = start[b]; k < start[b + 1]; k++) {
        int r = members[k];
        double offset = Math.IEEEremainder(azimuth[r] - from, 2 * Math.PI);
        if (offset > 0 && offset < span && elevation[r] > low && elevation[r] < high) {
          if (range[r] > farther) {
            through++;
          } else {
            stopped++;
          }
        }
      }
      if (b == last) {
        return through > stopped;
      }
    }
  }

  private int bin(double angle) {
    double turn = angle + Math.PI;
    int b = (int) (turn / BIN);
    return Math.floorMod(b, bins);
  }
}
