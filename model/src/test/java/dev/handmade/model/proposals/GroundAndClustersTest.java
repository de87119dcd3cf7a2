package dev.handmade.model.proposals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ground, segmentation and the size filter on a made-up scene whose answer is known. */
class GroundAndClustersTest {

  @Test
  void groundIsFollowedAndTheObjectsOnItAreSeparateSegments() {
    Random random = new Random(7);
    int ground = 20_000;
    float[] p = new float[4 * (ground + 2 * 500 + 3000 + 5)];
    int n = 0;
    // a road 1.7 m below the sensor, rising 2% forward, then 8% beyond 30 m (a ramp), with 3 cm of noise
    for (int i = 0; i < ground; i++) {
      double x = random.nextDouble() * 60 - 10;
      double y = random.nextDouble() * 40 - 20;
      n = put(p, n, x, y, road(x) + random.nextGaussian() * 0.03);
    }
    // two cars' worth of box, 1 m apart: the joining tolerance is 0.5 m at this range, so they stay two
    n = box(p, n, random, 10, 0, 4, 1.8, 1.5, road(10));
    n = box(p, n, random, 10, 2.8, 4, 1.8, 1.5, road(10));
    // a wall 12 m long and 3 m high, standing 0.3 m above the road
    for (int i = 0; i < 3000; i++) {
      n = put(p, n, 20, random.nextDouble() * 12 - 6, road(20) + 0.3 + random.nextDouble() * 3);
    }
    // five scattered points: noise, too few to be anything
    for (int i = 0; i < 5; i++) {
      n = put(p, n, -5 + 3 * i, 15, 1);
    }

    GroundRemoval.Result plane = new GroundRemoval(0.2, 200, Math.toRadians(15), 1).fit(p);
    assertThat(plane.plane().c()).isCloseTo(-1.7, within(0.1));
    SlopeFollowingGround.Result g = new SlopeFollowingGround(1, 1, 0.15, 0.1, 0.2, 120).fit(p, plane.plane().c());
    // every road return is ground, the ramp beyond 30 m included, and nothing of the boxes or the wall is
    for (int i = 0; i < ground; i++) {
      assertThat(g.ground()[i]).as("road point %d at x %.1f", i, p[4 * i]).isTrue();
    }
    assertThat(g.groundPoints()).isBetween(ground, ground + 200);

    ObjectEnvelopes envelopes = ObjectEnvelopes.defaults();
    List<ObjectSegmentation.Segment> segments = new ObjectSegmentation(
        new ObjectSegmentation.Tolerance(0.2, 0.006), new ObjectSegmentation.Tolerance(0.5, 0.02), envelopes)
        .segment(p, g);
    assertThat(segments.get(0).points()).hasSize(3000);
    for (ObjectSegmentation.Segment car : segments.subList(1, 3)) {
      assertThat(car.points().length).isBetween(470, 500);
      Footprint f = car.footprint();
      assertThat(Math.min(Math.abs(f.centreY()), Math.abs(f.centreY() - 2.8))).isLessThan(0.1);
      assertThat(f.length()).isCloseTo(4, within(0.2));
      assertThat(f.width()).isCloseTo(1.8, within(0.2));
      assertThat(car.top()).isCloseTo(1.5, within(0.1));
      assertThat(envelopes.judge(car.points().length, f.length(), f.width(), car.bottom(), car.top())).isEmpty();
    }
    // the noise: single points, each too few to propose
    assertThat(segments.subList(3, segments.size())).allSatisfy(s -> assertThat(
        envelopes.judge(s.points().length, 0, 0, 0, 1)).contains(ObjectEnvelopes.Rejection.TOO_FEW_POINTS));
  }

  @Test
  void sizesOutsideEveryEnvelopeAreRejectedWithTheirReason() {
    ObjectEnvelopes e = ObjectEnvelopes.defaults();
    assertThat(e.judge(500, 4.2, 1.7, 0.2, 1.5)).isEmpty();
    assertThat(e.judge(200, 0.6, 0.5, 0.0, 1.8)).isEmpty();
    assertThat(e.judge(500, 25, 0.6, 0.1, 2.5)).contains(ObjectEnvelopes.Rejection.NO_OBJECT_SHAPE);
    assertThat(e.judge(500, 9.9, 4.7, 0.1, 1.6)).contains(ObjectEnvelopes.Rejection.NO_OBJECT_SHAPE);
    assertThat(e.judge(500, 6, 1.0, 0.0, 0.3)).contains(ObjectEnvelopes.Rejection.TOO_LOW);
    assertThat(e.judge(500, 4, 4, 2.5, 7)).contains(ObjectEnvelopes.Rejection.OFF_THE_GROUND);
    assertThat(e.judge(3, 0.5, 0.5, 0, 1.5)).contains(ObjectEnvelopes.Rejection.TOO_FEW_POINTS);
  }

  private static double road(double x) {
    return -1.7 + 0.02 * x + (x > 30 ? 0.06 * (x - 30) : 0);
  }

  /** Points on the surface of a box of length l (x), width w (y) and height h above the ground z0. */
  private static int box(float[] p, int n, Random r, double cx, double cy, double l, double w, double h, double z0) {
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
}
