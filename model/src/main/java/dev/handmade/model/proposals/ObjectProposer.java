package dev.handmade.model.proposals;

import dev.handmade.model.proposals.ObjectEnvelopes.Rejection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Objects in an unlabelled lidar sweep, found the way a lidar perception stack finds them before
 * it classifies anything: take off the ground (a plane under the sensor, then followed outward
 * over slopes and kerbs), segment what stands on it ({@link ObjectSegmentation}), and propose the
 * segments that could be a car, truck, pedestrian or cyclist ({@link ObjectEnvelopes}) and that
 * the camera sees. Each proposal gets its box, the ground returns under it (feet, tyres) and its
 * region on the image; every segment left out is counted by the reason.
 */
public final class ObjectProposer {

  /**
   * @param groundThreshold how far above the ground a point is still ground, metres
   * @param ransacIterations random planes tried for the plane under the sensor ({@link GroundRemoval})
   * @param maxGroundTiltRadians steepest plane taken for it
   * @param sectorDegrees width of the sectors the ground is followed along ({@link SlopeFollowingGround})
   * @param binMeters length of their bins
   * @param maxSlope steepest road followed
   * @param maxStep highest kerb followed between bins, metres
   * @param piece tolerance within one piece ({@link ObjectSegmentation})
   * @param join tolerance between pieces that may be joined
   * @param envelopes what may be proposed
   */
  public record Config(
      double groundThreshold,
      int ransacIterations,
      double maxGroundTiltRadians,
      double sectorDegrees,
      double binMeters,
      double maxSlope,
      double maxStep,
      ObjectSegmentation.Tolerance piece,
      ObjectSegmentation.Tolerance join,
      ObjectEnvelopes envelopes,
      long seed) {

    /**
     * Tolerances from the HDL-64E's geometry: its rings are about 0.4 degrees apart, 0.007 m per
     * metre of range; pieces tolerate a gap of most of a ring (0.006 r, at least 0.2 m), joining
     * three rings lost on a dark surface (0.02 r, at least 0.5 m).
     */
    public static Config defaults() {
      return new Config(
          0.2,
          200,
          Math.toRadians(15),
          1.0,
          1.0,
          0.15,
          0.1,
          new ObjectSegmentation.Tolerance(0.2, 0.006),
          new ObjectSegmentation.Tolerance(0.5, 0.02),
          ObjectEnvelopes.defaults(),
          2026);
    }
  }

  /**
   * What one sweep gave.
   *
   * @param segments every segment found above the ground, before the filter
   * @param rejected segments left out, by reason
   */
  public record Result(
      GroundRemoval.Plane ground,
      int groundPoints,
      int segments,
      List<Proposal> proposals,
      Map<Rejection, Integer> rejected) {

    public Result {
      proposals = List.copyOf(proposals);
      EnumMap<Rejection, Integer> counts = new EnumMap<>(Rejection.class);
      for (Rejection r : Rejection.values()) {
        counts.put(r, 0);
      }
      counts.putAll(rejected);
      rejected = Collections.unmodifiableMap(counts);
    }
  }

  private final Config config;
  private final GroundRemoval groundPlane;
  private final SlopeFollowingGround ground;
  private final ObjectSegmentation segmentation;

  public ObjectProposer(Config config) {
    this.config = config;
    this.groundPlane =
        new GroundRemoval(
            config.groundThreshold(),
            config.ransacIterations(),
            config.maxGroundTiltRadians(),
            config.seed());
    this.ground =
        new SlopeFollowingGround(
            config.sectorDegrees(),
            config.binMeters(),
            config.maxSlope(),
            config.maxStep(),
            config.groundThreshold(),
            120);
    this.segmentation = new ObjectSegmentation(config.piece(), config.join(), config.envelopes());
  }

  /** @param xyzi four values a point (x, y, z, intensity), lidar frame (x forward, y left, z up) */
  public Result propose(float[] xyzi, CameraProjection camera) {
    GroundRemoval.Plane plane = groundPlane.fit(xyzi).plane();
    double start = Double.isFinite(plane.c()) ? plane.heightAt(0, 0) : lowest(xyzi);
    SlopeFollowingGround.Result g = ground.fit(xyzi, start);
    List<ObjectSegmentation.Segment> segments = segmentation.segment(xyzi, g);
    List<Proposal> proposals = new ArrayList<>();
    EnumMap<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
    for (ObjectSegmentation.Segment s : segments) {
      Footprint f = s.footprint();
      double range = Math.hypot(f.centreX(), f.centreY());
      Optional<Rejection> why =
          config
              .envelopes()
              .judge(s.points().length, f.length(), f.width(), s.bottom(), s.top(), range);
      if (why.isPresent()) {
        rejected.merge(why.get(), 1, Integer::sum);
        continue;
      }
      double groundZ = 0;
      for (int i : s.points()) {
        groundZ += g.groundZ(xyzi, i);
      }
      groundZ /= s.points().length;
      double[] centre = camera.project(f.centreX(), f.centreY(), groundZ + s.top() / 2);
      if (centre == null || !inside(centre, camera)) {
        rejected.merge(Rejection.OUT_OF_VIEW, 1, Integer::sum);
        continue;
      }
      int[] points = withGroundBeneath(xyzi, s.points(), f, g);
      double[] imageBox = imageBox(xyzi, points, camera);
      if (imageBox == null) {
        rejected.merge(Rejection.OUT_OF_VIEW, 1, Integer::sum);
        continue;
      }
      String kind =
          config.envelopes().fit(f.length(), f.width(), s.top(), range).orElseThrow().name();
      // the box stands on the ground under its centre and reaches the highest return
      double maxZ = Double.NEGATIVE_INFINITY;
      for (int i : points) {
        maxZ = Math.max(maxZ, xyzi[4 * i + 2]);
      }
      double height = Math.max(0, maxZ - groundZ);
      proposals.add(
          new Proposal(
              points,
              f.centreX(),
              f.centreY(),
              groundZ + height / 2,
              groundZ,
              f.length(),
              f.width(),
              height,
              f.yaw(),
              imageBox,
              kind));
    }
    return new Result(plane, g.groundPoints(), segments.size(), proposals, rejected);
  }

  /**
   * The segment's points and the ground returns within its footprint: the soles of a person's
   * feet and the bottoms of tyres are as low as the road, and belong to the object all the same.
   */
  private static int[] withGroundBeneath(
      float[] xyzi, int[] points, Footprint f, SlopeFollowingGround.Result g) {
    List<Integer> beneath = new ArrayList<>();
    for (int i = 0; i < g.ground().length; i++) {
      if (g.ground()[i] && f.covers(xyzi[4 * i], xyzi[4 * i + 1])) {
        beneath.add(i);
      }
    }
    int[] all = java.util.Arrays.copyOf(points, points.length + beneath.size());
    for (int j = 0; j < beneath.size(); j++) {
      all[points.length + j] = beneath.get(j);
    }
    return all;
  }

  private static double lowest(float[] xyzi) {
    double z = 0;
    for (int i = 0; i < xyzi.length / 4; i++) {
      if (Float.isFinite(xyzi[4 * i + 2])) {
        z = Math.min(z, xyzi[4 * i + 2]);
      }
    }
    return z;
  }

  private static boolean inside(double[] uv, CameraProjection camera) {
    return uv[0] >= 0 && uv[0] < camera.imageWidth() && uv[1] >= 0 && uv[1] < camera.imageHeight();
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
}
