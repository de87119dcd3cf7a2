package dev.handmade.model.proposals;

import java.util.Arrays;

/**
 * The smallest-area rectangle around points seen from above, and their convex hull, which is
 * all that is needed to find the rectangle again after two footprints are joined.
 *
 * <p>The lidar sees an object's near sides only, an L in plan; the principal axes of an L lean
 * across its corner, while the smallest rectangle around it lines up with its sides.
 *
 * @param hull the convex hull's corners, x and y interleaved, counter-clockwise
 * @param yaw heading of the long side in the lidar frame, radians
 * @param length the long side, metres; never less than {@code width}
 */
public record Footprint(
    double[] hull, double centreX, double centreY, double length, double width, double yaw) {

  /** Headings tried, 1 degree apart over a quarter turn (a rectangle repeats after that). */
  private static final int HEADINGS = 90;

  /** The footprint of the given points of a sweep (four values a point). */
  public static Footprint of(float[] xyzi, int[] points) {
    double[] xy = new double[2 * points.length];
    for (int j = 0; j < points.length; j++) {
      xy[2 * j] = xyzi[4 * points[j]];
      xy[2 * j + 1] = xyzi[4 * points[j] + 1];
    }
    return ofPlanar(xy);
  }

  /** The footprint of both: the hull of their hulls. */
  public Footprint join(Footprint other) {
    double[] both = Arrays.copyOf(hull, hull.length + other.hull.length);
    System.arraycopy(other.hull, 0, both, hull.length, other.hull.length);
    return ofPlanar(both);
  }

  /** Whether a point lies on the rectangle, seen from above. */
  public boolean covers(double x, double y) {
    double c = Math.cos(yaw);
    double s = Math.sin(yaw);
    double dx = x - centreX;
    double dy = y - centreY;
    double along = c * dx + s * dy;
    double across = -s * dx + c * dy;
    return Math.abs(along) <= length / 2 + 1e-9 && Math.abs(across) <= width / 2 + 1e-9;
  }

  private static Footprint ofPlanar(double[] xy) {
    double[] hull = convexHull(xy);
    double bestArea = Double.POSITIVE_INFINITY;
    double yaw = 0;
    double[] best = null;
    for (int k = 0; k < HEADINGS; k++) {
      double a = k * (Math.PI / 2) / HEADINGS;
      double[] f = bounds(hull, a);
      double area = (f[1] - f[0]) * (f[3] - f[2]);
      if (area < bestArea - 1e-12) {
        bestArea = area;
        yaw = a;
        best = f;
      }
    }
    double c = Math.cos(yaw);
    double s = Math.sin(yaw);
    double cu = (best[0] + best[1]) / 2;
    double cv = (best[2] + best[3]) / 2;
    double length = best[1] - best[0];
    double width = best[3] - best[2];
    if (width > length) {
      double t = length;
      length = width;
      width = t;
      yaw += Math.PI / 2;
    }
    return new Footprint(
        hull,
        c * cu - s * cv,
        s * cu + c * cv,
        length,
        width,
        Math.IEEEremainder(yaw, 2 * Math.PI));
  }

  /** {minU, maxU, minV, maxV} of the points in axes turned by {@code angle}. */
  private static double[] bounds(double[] xy, double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double[] f = {
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    for (int i = 0; i < xy.length / 2; i++) {
      double u = c * xy[2 * i] + s * xy[2 * i + 1];
      double v = -s * xy[2 * i] + c * xy[2 * i + 1];
      f[0] = Math.min(f[0], u);
      f[1] = Math.max(f[1], u);
      f[2] = Math.min(f[2], v);
      f[3] = Math.max(f[3], v);
    }
    return f;
  }

  /** Andrew's monotone chain; fewer than three distinct points come back as they are. */
  static double[] convexHull(double[] xy) {
    int n = xy.length / 2;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (a, b) ->
            xy[2 * a] != xy[2 * b]
                ? Double.compare(xy[2 * a], xy[2 * b])
                : Double.compare(xy[2 * a + 1], xy[2 * b + 1]));
    if (n < 3) {
      double[] out = new double[2 * n];
      for (int i = 0; i < n; i++) {
        out[2 * i] = xy[2 * order[i]];
        out[2 * i + 1] = xy[2 * order[i] + 1];
      }
      return out;
    }
    int[] hull = new int[2 * n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      while (k >= 2 && cross(xy, hull[k - 2], hull[k - 1], order[i]) <= 0) {
        k--;
      }
      hull[k++] = order[i];
    }
    for (int i = n - 2, lower = k + 1; i >= 0; i--) {
      while (k >= lower && cross(xy, hull[k - 2], hull[k - 1], order[i]) <= 0) {
        k--;
      }
      hull[k++] = order[i];
    }
    int corners = Math.max(1, k - 1);
    double[] out = new double[2 * corners];
    for (int i = 0; i < corners; i++) {
      out[2 * i] = xy[2 * hull[i]];
      out[2 * i + 1] = xy[2 * hull[i] + 1];
    }
    return out;
  }

  private static double cross(double[] xy, int o, int a, int b) {
    return (xy[2 * a] - xy[2 * o]) * (xy[2 * b + 1] - xy[2 * o + 1])
        - (xy[2 * a + 1] - xy[2 * o + 1]) * (xy[2 * b] - xy[2 * o]);
  }
}
