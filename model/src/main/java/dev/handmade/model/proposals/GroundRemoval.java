package dev.handmade.model.proposals;

import java.util.Random;

/**
 * Finds the ground of a lidar sweep as the plane with the most points within a distance of it
 * (RANSAC), refined by least squares on those points.
 *
 * <p>Only planes within {@code maxTilt} of horizontal are candidates: a building's wall can hold
 * as many points as the road, and taking it for the ground would delete every object in front
 * of it. Seeded, so the same sweep always gives the same ground.
 */
public final class GroundRemoval {

  /** The ground as {@code z = a x + b y + c} in the lidar frame (z up). */
  public record Plane(double a, double b, double c) {
    public double heightAt(double x, double y) {
      return a * x + b * y + c;
    }

    /** Distance of a point from the plane, along its normal. */
    public double distance(double x, double y, double z) {
      return Math.abs(z - heightAt(x, y)) / Math.sqrt(a * a + b * b + 1);
    }
  }

  /** The plane, and which points lie on it (within the threshold). */
  public record Result(Plane plane, boolean[] ground, int groundPoints) {}

  private final double threshold;
  private final int iterations;
  private final double minNormalZ;
  private final long seed;

  /**
   * @param threshold how far from the plane a point still counts as ground, metres
   * @param iterations random planes tried
   * @param maxTiltRadians largest angle between a candidate plane and the horizontal
   */
  public GroundRemoval(double threshold, int iterations, double maxTiltRadians, long seed) {
    if (!(threshold > 0)
        || iterations < 1
        || !(maxTiltRadians > 0 && maxTiltRadians < Math.PI / 2)) {
      throw new IllegalArgumentException(
          "threshold "
              + threshold
              + " must be > 0, iterations "
              + iterations
              + " >= 1 and maxTilt "
              + maxTiltRadians
              + " in (0, pi/2)");
    }
    this.threshold = threshold;
    this.iterations = iterations;
    this.minNormalZ = Math.cos(maxTiltRadians);
    this.seed = seed;
  }

  /** @param xyzi four values a point (x, y, z, intensity), lidar frame */
  public Result fit(float[] xyzi) {
    int n = xyzi.length / 4;
    if (n < 3) {
      return new Result(new Plane(0, 0, Double.NEGATIVE_INFINITY), new boolean[n], 0);
    }
    Random random = new Random(seed);
    double[] best = null;
    int bestCount = -1;
    for (int it = 0; it < iterations; it++) {
      double[] plane = planeThrough(xyzi, random.nextInt(n), random.nextInt(n), random.nextInt(n));
      if (plane == null) {
        continue;
      }
      int count = 0;
      for (int i = 0; i < n; i++) {
        double d =
            plane[0] * xyzi[4 * i]
                + plane[1] * xyzi[4 * i + 1]
                + plane[2] * xyzi[4 * i + 2]
                + plane[3];
        if (Math.abs(d) <= threshold) {
          count++;
        }
      }
      if (count > bestCount) {
        bestCount = count;
        best = plane;
      }
    }
    Plane plane = best == null ? new Plane(0, 0, Double.NEGATIVE_INFINITY) : refine(xyzi, best);
    boolean[] ground = new boolean[n];
    int groundPoints = 0;
    for (int i = 0; i < n; i++) {
      if (plane.distance(xyzi[4 * i], xyzi[4 * i + 1], xyzi[4 * i + 2]) <= threshold) {
        ground[i] = true;
        groundPoints++;
      }
    }
    return new Result(plane, ground, groundPoints);
  }

  /** Unit normal and offset {nx, ny, nz, d} with nz > 0, or null when degenerate or too steep. */
  private double[] planeThrough(float[] p, int i, int j, int k) {
    double ux = p[4 * j] - p[4 * i];
    double uy = p[4 * j + 1] - p[4 * i + 1];
    double uz = p[4 * j + 2] - p[4 * i + 2];
    double vx = p[4 * k] - p[4 * i];
    double vy = p[4 * k + 1] - p[4 * i + 1];
    double vz = p[4 * k + 2] - p[4 * i + 2];
    double nx = uy * vz - uz * vy;
    double ny = uz * vx - ux * vz;
    double nz = ux * vy - uy * vx;
    double norm = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (!(norm > 1e-9)) {
      return null;
    }
    nx /= norm;
    ny /= norm;
    nz /= norm;
    if (nz < 0) {
      nx = -nx;
      ny = -ny;
      nz = -nz;
    }
    if (nz < minNormalZ) {
      return null;
    }
    return new double[] {nx, ny, nz, -(nx * p[4 * i] + ny * p[4 * i + 1] + nz * p[4 * i + 2])};
  }

  /** Least-squares {@code z = a x + b y + c} over the inliers of the best random plane. */
  private Plane refine(float[] p, double[] plane) {
    double sxx = 0;
    double sxy = 0;
    double sx = 0;
    double syy = 0;
    double sy = 0;
    double sxz = 0;
    double syz = 0;
    double sz = 0;
    int count = 0;
    for (int i = 0; i < p.length / 4; i++) {
      double x = p[4 * i];
      double y = p[4 * i + 1];
      double z = p[4 * i + 2];
      if (Math.abs(plane[0] * x + plane[1] * y + plane[2] * z + plane[3]) <= threshold) {
        sxx += x * x;
        sxy += x * y;
        sx += x;
        syy += y * y;
        sy += y;
        sxz += x * z;
        syz += y * z;
        sz += z;
        count++;
      }
    }
    double[][] m = {{sxx, sxy, sx}, {sxy, syy, sy}, {sx, sy, count}};
    double[] rhs = {sxz, syz, sz};
    double det = det3(m);
    if (Math.abs(det) < 1e-9) {
      return new Plane(-plane[0] / plane[2], -plane[1] / plane[2], -plane[3] / plane[2]);
    }
    double[] sol = new double[3];
    for (int c = 0; c < 3; c++) {
      double[][] mc = {m[0].clone(), m[1].clone(), m[2].clone()};
      for (int r = 0; r < 3; r++) {
        mc[r][c] = rhs[r];
      }
      sol[c] = det3(mc) / det;
    }
    return new Plane(sol[0], sol[1], sol[2]);
  }

  private static double det3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }
}
