package dev.handmade.model.proposals;

import java.util.ArrayList;
import java.util.List;

/**
 * Objects in an unlabelled lidar sweep: remove the ground, cluster what is left, keep the
 * clusters whose centre the camera sees, and give each a box (the smallest around its footprint)
 * and its region on the image.
 */
public final class ObjectProposer {

  /**
   * @param groundThreshold how far from the ground plane a point is still ground, metres
   * @param clusterTolerance largest gap inside one object, metres
   * @param minPoints fewer points are noise, not an object
   * @param maxLength a longer cluster is not one object but several run together (a car parked
   *     against a hedge, a row of cars): it is clustered again at half the tolerance, down to
   *     {@code minClusterTolerance}, and what is still longer is dropped as a wall or fence
   */
  public record Config(
      double groundThreshold,
      int ransacIterations,
      double maxGroundTiltRadians,
      double clusterTolerance,
      int minPoints,
      double maxLength,
      double minClusterTolerance,
      long seed) {

    public static Config defaults() {
      return new Config(0.2, 200, Math.toRadians(15), 0.5, 10, 15.0, 0.125, 2026);
    }
  }

  /**
   * What one sweep gave.
   *
   * @param clusters every cluster found (over-long ones split), before the camera and size
   *     filters
   */
  public record Result(GroundRemoval.Plane ground, int groundPoints, int clusters, List<Proposal> proposals) {}

  private final Config config;
  private final GroundRemoval groundRemoval;

  public ObjectProposer(Config config) {
    this.config = config;
    this.groundRemoval = new GroundRemoval(
        config.groundThreshold(), config.ransacIterations(), config.maxGroundTiltRadians(), config.seed());
  }

  /** @param xyzi four values a point (x, y, z, intensity), lidar frame (x forward, y left, z up) */
  public Result propose(float[] xyzi, CameraProjection camera) {
    GroundRemoval.Result ground = groundRemoval.fit(xyzi);
    List<int[]> clusters = new ArrayList<>();
    for (int[] cluster : new EuclideanClustering(config.clusterTolerance(), config.minPoints())
        .cluster(xyzi, ground.ground())) {
      split(xyzi, cluster, config.clusterTolerance(), ground.plane(), clusters);
    }
    List<Proposal> proposals = new ArrayList<>();
    for (int[] cluster : clusters) {
      Proposal p = box(xyzi, cluster, ground.plane());
      if (p.length() > config.maxLength()) {
        continue;
      }
      double[] centre = camera.project(p.centreX(), p.centreY(), p.centreZ());
      if (centre == null || !inside(centre, camera)) {
        continue;
      }
      double[] imageBox = imageBox(xyzi, cluster, camera);
      if (imageBox == null) {
        continue;
      }
      proposals.add(new Proposal(cluster, p.centreX(), p.centreY(), p.centreZ(), p.groundZ(), p.length(),
          p.width(), p.height(), p.yaw(), imageBox));
    }
    return new Result(ground.plane(), ground.groundPoints(), clusters.size(), proposals);
  }

  /**
   * Adds the cluster to {@code out}, or, when it is too long to be one object, its pieces at half
   * the tolerance: one gap threshold cannot both hold a sparse far object together and keep a
   * dense near one apart from the hedge it stands against.
   */
  private void split(float[] xyzi, int[] cluster, double tolerance, GroundRemoval.Plane ground, List<int[]> out) {
    double finer = tolerance / 2;
    if (box(xyzi, cluster, ground).length() <= config.maxLength() || finer < config.minClusterTolerance()) {
      out.add(cluster);
      return;
    }
    float[] sub = new float[4 * cluster.length];
    for (int j = 0; j < cluster.length; j++) {
      System.arraycopy(xyzi, 4 * cluster[j], sub, 4 * j, 4);
    }
    for (int[] piece : new EuclideanClustering(finer, config.minPoints()).cluster(sub, null)) {
      int[] indices = new int[piece.length];
      for (int j = 0; j < piece.length; j++) {
        indices[j] = cluster[piece[j]];
      }
      split(xyzi, indices, finer, ground, out);
    }
  }

  private static boolean inside(double[] uv, CameraProjection camera) {
    return uv[0] >= 0 && uv[0] < camera.imageWidth() && uv[1] >= 0 && uv[1] < camera.imageHeight();
  }

  /** Footprint headings tried, 1 degree apart over a quarter turn (a rectangle repeats after that). */
  private static final int HEADINGS = 90;

  /**
   * The smallest-area box over the footprint, standing on the ground plane. The lidar sees an
   * object's near sides only, an L in plan; the principal axes of an L lean across its corner,
   * while the smallest box around it lines up with its sides.
   */
  static Proposal box(float[] p, int[] cluster, GroundRemoval.Plane ground) {
    double yaw = 0;
    double bestArea = Double.POSITIVE_INFINITY;
    for (int k = 0; k < HEADINGS; k++) {
      double a = k * (Math.PI / 2) / HEADINGS;
      double[] f = footprint(p, cluster, a);
      double area = (f[1] - f[0]) * (f[3] - f[2]);
      if (area < bestArea - 1e-12) {
        bestArea = area;
        yaw = a;
      }
    }
    double c = Math.cos(yaw);
    double s = Math.sin(yaw);
    double[] f = footprint(p, cluster, yaw);
    double minU = f[0];
    double maxU = f[1];
    double minV = f[2];
    double maxV = f[3];
    double maxZ = Double.NEGATIVE_INFINITY;
    for (int i : cluster) {
      maxZ = Math.max(maxZ, p[4 * i + 2]);
    }
    double cu = (minU + maxU) / 2;
    double cv = (minV + maxV) / 2;
    double cx = c * cu - s * cv;
    double cy = s * cu + c * cv;
    double length = maxU - minU;
    double width = maxV - minV;
    if (width > length) {
      double t = length;
      length = width;
      width = t;
      yaw += Math.PI / 2;
    }
    yaw = Math.IEEEremainder(yaw, 2 * Math.PI);
    double groundZ = Double.isFinite(ground.c()) ? ground.heightAt(cx, cy) : minZ(p, cluster);
    double height = Math.max(0, maxZ - groundZ);
    return new Proposal(cluster, cx, cy, groundZ + height / 2, groundZ, length, width, height, yaw, null);
  }

  private static double minZ(float[] p, int[] cluster) {
    double z = Double.POSITIVE_INFINITY;
    for (int i : cluster) {
      z = Math.min(z, p[4 * i + 2]);
    }
    return z;
  }

  /** The projections' bounds clipped to the image, or null when nothing of it is on the image. */
  private static double[] imageBox(float[] p, int[] cluster, CameraProjection camera) {
    double left = Double.POSITIVE_INFINITY;
    double top = Double.POSITIVE_INFINITY;
    double right = Double.NEGATIVE_INFINITY;
    double bottom = Double.NEGATIVE_INFINITY;
    for (int i : cluster) {
      double[] uv = camera.project(p[4 * i], p[4 * i + 1], p[4 * i + 2]);
      if (uv == null) {
        continue;
      }
      left = Math.min(left, uv[0]);
      top = Math.min(top, uv[1]);
      right = Math.max(right, uv[0]);
      bottom = Math.max(bottom, uv[1]);
    }
    left = Math.max(0, left);
    top = Math.max(0, top);
    right = Math.min(camera.imageWidth(), right);
    bottom = Math.min(camera.imageHeight(), bottom);
    if (!(right - left >= 1 && bottom - top >= 1)) {
      return null;
    }
    return new double[] {left, top, right, bottom};
  }

  /** {minU, maxU, minV, maxV} of the cluster's points in axes turned by {@code angle} about z. */
  private static double[] footprint(float[] p, int[] cluster, double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    double[] f = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    for (int i : cluster) {
      double u = c * p[4 * i] + s * p[4 * i + 1];
      double v = -s * p[4 * i] + c * p[4 * i + 1];
      f[0] = Math.min(f[0], u);
      f[1] = Math.max(f[1], u);
      f[2] = Math.min(f[2], v);
      f[3] = Math.max(f[3], v);
    }
    return f;
  }
}
