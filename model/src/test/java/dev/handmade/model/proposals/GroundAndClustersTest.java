package dev.handmade.model.proposals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ground, segmentation and the size filter on a made-up scene whose answer is known. */
class GroundAndClustersTest {

  @Test
  void groundIsFollowedAndTheObjectsOnItAreSeparateSegments() {
    Random random = new Random(7);
    float[] p = new float[4 * (20_000 + 2 * 500 + 3000 + 5)];
    int n = 0;
    // what the lidar cannot see: the road beyond the two cars (4 x 1.8 m at x 10, 1 m apart), in
    // the sector they fill; rays between two returns of a car do not come back from beyond it
    double[] cars = {8, 12, -0.9, 3.7};
    // a road 1.7 m below the sensor, rising 2% forward, then 8% beyond 30 m (a ramp), with 3 cm of
    // noise
    for (int i = 0; i < 20_000; i++) {
      double x = random.nextDouble() * 60 - 10;
      double y = random.nextDouble() * 40 - 20;
      double z = road(x) + random.nextGaussian() * 0.03;
      if (!hidden(x, y, cars)) {
        n = put(p, n, x, y, z);
      }
    }
    int ground = n;
    // two cars' worth of box, 1 m apart: the joining tolerance is 0.5 m at this range, so they stay
    // two
    n = box(p, n, random, 10, 0, 4, 1.8, 1.5, road(10));
    n = box(p, n, random, 10, 2.8, 4, 1.8, 1.5, road(10));
    // the wall, where the cars do not hide it
    int wallStart = n;
    for (int i = 0; i < 3000; i++) {
      double y = random.nextDouble() * 12 - 6;
      double z = road(20) + 0.3 + random.nextDouble() * 3;
      if (!hidden(20, y, cars)) {
        n = put(p, n, 20, y, z);
      }
    }
    int wallPoints = n - wallStart;
    // five scattered points: noise, too few to be anything
    for (int i = 0; i < 5; i++) {
      n = put(p, n, -5 + 3 * i, 15, 1);
    }
    p = Arrays.copyOf(p, 4 * n);

    GroundRemoval.Result plane = new GroundRemoval(0.2, 200, Math.toRadians(15), 1).fit(p);
    assertThat(plane.plane().c()).isCloseTo(-1.7, within(0.1));
    SlopeFollowingGround.Result g =
        new SlopeFollowingGround(1, 1, 0.15, 0.1, 0.2, 120).fit(p, plane.plane().c());
    // every road return is ground, the ramp beyond 30 m included, and nothing of the boxes or the
    // wall is
    for (int i = 0; i < ground; i++) {
      assertThat(g.ground()[i])
          .as("road point %d at x %.1f y %.1f", i, p[4 * i], p[4 * i + 1])
          .isTrue();
    }
    assertThat(g.groundPoints()).isBetween(ground, ground + 200);

    ObjectEnvelopes envelopes = ObjectEnvelopes.defaults();
    List<ObjectSegmentation.Segment> segments =
        new ObjectSegmentation(
                new ObjectSegmentation.Tolerance(0.2, 0.006),
                new ObjectSegmentation.Tolerance(0.5, 0.02),
                envelopes)
            .segment(p, g);
    assertThat(segments.get(0).points()).hasSize(wallPoints);
    for (ObjectSegmentation.Segment car : segments.subList(1, 3)) {
      assertThat(car.points().length).isBetween(470, 500);
      Footprint f = car.footprint();
      assertThat(Math.min(Math.abs(f.centreY()), Math.abs(f.centreY() - 2.8))).isLessThan(0.1);
      assertThat(f.length()).isCloseTo(4, within(0.2));
      assertThat(f.width()).isCloseTo(1.8, within(0.2));
      assertThat(car.top()).isCloseTo(1.5, within(0.1));
      assertThat(
              envelopes.judge(
                  car.points().length, f.length(), f.width(), car.bottom(), car.top(), 10))
          .isEmpty();
    }
    // the noise: single points, each too few to propose
    assertThat(segments.subList(3, segments.size()))
        .allSatisfy(
            s ->
                assertThat(envelopes.judge(s.points().length, 0, 0, 0, 1, 10))
                    .contains(ObjectEnvelopes.Rejection.TOO_FEW_POINTS));
  }

  @Test
  void sizesOutsideEveryEnvelopeAreRejectedWithTheirReason() {
    ObjectEnvelopes e = ObjectEnvelopes.defaults();
    assertThat(e.judge(500, 4.2, 1.7, 0.2, 1.5, 10)).isEmpty();
    assertThat(e.judge(200, 0.6, 0.5, 0.0, 1.8, 10)).isEmpty();
    assertThat(e.judge(500, 25, 0.6, 0.1, 2.5, 10))
        .contains(ObjectEnvelopes.Rejection.NO_OBJECT_SHAPE);
    assertThat(e.judge(500, 9.9, 4.7, 0.1, 1.6, 10))
        .contains(ObjectEnvelopes.Rejection.NO_OBJECT_SHAPE);
    assertThat(e.judge(500, 6, 1.0, 0.0, 0.3, 10)).contains(ObjectEnvelopes.Rejection.TOO_LOW);
    assertThat(e.judge(500, 4, 4, 2.5, 7, 10)).contains(ObjectEnvelopes.Rejection.OFF_THE_GROUND);
    assertThat(e.judge(3, 0.5, 0.5, 0, 1.5, 10)).contains(ObjectEnvelopes.Rejection.TOO_FEW_POINTS);
  }

  /**
   * Whether a point lies behind the box {x0, x1, y0, y1} seen from above: beyond it, within its
   * sector, widened to whole degrees (the ground follower's sectors), so that no sector keeps only a
   * sliver of road in view.
   */
  private static boolean hidden(double x, double y, double[] box) {
    double azimuth = Math.atan2(y, x);
    double from = Double.POSITIVE_INFINITY;
    double to = Double.NEGATIVE_INFINITY;
    for (int corner = 0; corner < 4; corner++) {
      double a = Math.atan2(box[2 + corner / 2], box[corner % 2]);
      from = Math.min(from, a);
      to = Math.max(to, a);
    }
    double wholeFrom = Math.toRadians(Math.floor(Math.toDegrees(from)));
    double wholeTo = Math.toRadians(Math.ceil(Math.toDegrees(to)));
    return x > box[1] && azimuth > wholeFrom && azimuth < wholeTo;
  }

  private static double road(double x) {
    return -1.7 + 0.02 * x + (x > 30 ? 0.06 * (x - 30) : 0);
  }

  /** Points on the surface of a box of length l (x), width w (y) and height h above the ground z0. */
  private static int box(
      float[] p, int n, Random r, double cx, double cy, double l, double w, double h, double z0) {
    for (int i = 0; i < 500; i++) {
      double u = r.nextDouble() - 0.5;
      double v = r.nextDouble() - 0.5;
      double z = z0 + 0.3 + r.nextDouble() * (h - 0.3);
      switch (i % 3) {
        case 0 -> n = put(p, n, cx - l / 2, cy + v * w, z);
        case 1 -> n = put(p, n, cx + u * l, cy - w / 2, z);
        default -> n = put(p, n, cx + u * l, cy + v * w, z0 + h);
      }
    }
    return n;
  }

  private static int put(float[] p, int n, double x, double y, double z) {
    p[4 * n] = (float) x;
    p[4 * n + 1] = (float) y;
    p[4 * n + 2] = (float) z;
    p[4 * n + 3] = 0.5f;
    return n + 1;
  }

  @Test
  void aGapTheLidarSawThroughPartsTwoPiecesADarkOrFilledGapDoesNot() {
    // two returns of one ring, 30 m out and 1 degree apart (0.5 m), and one ray between them
    float[] beyond = sweep(30, 0, 30, 1, 35, 0.5);
    assertThat(new LineOfSight(beyond).seenThrough(0, 1))
        .as("the ray came back from 5 m beyond")
        .isTrue();
    float[] between = sweep(30, 0, 30, 1, 30.1, 0.5);
    assertThat(new LineOfSight(between).seenThrough(0, 1)).as("a surface between them").isFalse();
    float[] dark = sweep(30, 0, 30, 1, 35, 3);
    assertThat(new LineOfSight(dark).seenThrough(0, 1))
        .as("no ray between them: dark paint")
        .isFalse();
  }

  @Test
  void aCarIsNoShorterThanAMetreAndItsRoofIsSeenWithinARingOfItsHeight() {
    ObjectEnvelopes e = ObjectEnvelopes.defaults();
    assertThat(e.fit(4.0, 1.7, 1.4, 30).orElseThrow().name()).isEqualTo("car");
    // a rail or low wall: car-long, 0.85 m high, close enough that a car's roof would show
    assertThat(e.judge(40, 4.0, 0.1, 0.3, 0.85, 30))
        .contains(ObjectEnvelopes.Rejection.NO_OBJECT_SHAPE);
    // far away, the highest ring may pass 0.5 m below a low car's roof
    assertThat(e.fit(4.0, 1.7, 0.85, 70)).isPresent();
    // a trunk or post taller than a person
    assertThat(e.judge(100, 0.8, 0.6, 0.0, 2.5, 20))
        .contains(ObjectEnvelopes.Rejection.NO_OBJECT_SHAPE);
  }

  /** Points at the given horizontal range and azimuth (degrees), all 2 degrees below the sensor. */
  private static float[] sweep(double... rangeAndAzimuth) {
    float[] p = new float[2 * rangeAndAzimuth.length];
    for (int k = 0; k < rangeAndAzimuth.length / 2; k++) {
      double r = rangeAndAzimuth[2 * k];
      double a = Math.toRadians(rangeAndAzimuth[2 * k + 1]);
      put(p, k, r * Math.cos(a), r * Math.sin(a), -r * Math.tan(Math.toRadians(2)));
    }
    return p;
  }
}
