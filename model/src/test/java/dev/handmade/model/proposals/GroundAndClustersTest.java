package dev.handmade.model.proposals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ground removal and clustering on a made-up scene whose answer is known. */
class GroundAndClustersTest {

  @Test
  void groundPlaneIsFoundAndTheObjectsOnItAreSeparateClusters() {
    Random random = new Random(7);
    int ground = 20_000;
    float[] p = new float[4 * (ground + 2 * 500 + 3000 + 5)];
    int n = 0;
    // a road 1.7 m below the sensor, rising 2% forward, with 3 cm of noise
    for (int i = 0; i < ground; i++) {
      double x = random.nextDouble() * 60 - 10;
      double y = random.nextDouble() * 40 - 20;
      n = put(p, n, x, y, -1.7 + 0.02 * x + random.nextGaussian() * 0.03);
    }
    // two boxes of 500 points, 1 m apart: the tolerance is 0.5 m, so they stay two clusters
    n = box(p, n, random, 10, 0, 4, 1.8, 1.5, 0.02 * 10 - 1.7);
    n = box(p, n, random, 10, 2.8, 4, 1.8, 1.5, 0.02 * 10 - 1.7);
    // a wall: more points than the road near it, but vertical, so never the ground
    for (int i = 0; i < 3000; i++) {
      n = put(p, n, 30, random.nextDouble() * 10 - 5, -1.7 + 0.6 + 0.3 + random.nextDouble() * 3);
    }
    // five scattered points: noise, below the minimum cluster size
    for (int i = 0; i < 5; i++) {
      n = put(p, n, -5 + 3 * i, 15, 1);
    }

    GroundRemoval.Result g = new GroundRemoval(0.2, 200, Math.toRadians(15), 1).fit(p);
    assertThat(g.plane().a()).isCloseTo(0.02, within(0.005));
    assertThat(g.plane().c()).isCloseTo(-1.7, within(0.05));
    assertThat(g.groundPoints()).isBetween(ground - 50, ground + 200);

    List<int[]> clusters = new EuclideanClustering(0.5, 10).cluster(p, g.ground());
    assertThat(clusters).hasSize(3);
    assertThat(clusters.get(0)).hasSize(3000);
    for (int[] c : clusters.subList(1, 3)) {
      assertThat(c.length).isBetween(480, 500);
      double centreY = ObjectProposer.box(p, c, g.plane()).centreY();
      assertThat(Math.min(Math.abs(centreY), Math.abs(centreY - 2.8))).isLessThan(0.1);
    }

    Proposal box = ObjectProposer.box(p, clusters.get(1), g.plane());
    assertThat(box.length()).isCloseTo(4, within(0.2));
    assertThat(box.width()).isCloseTo(1.8, within(0.2));
    assertThat(box.height()).isCloseTo(1.5, within(0.1));
    // one box's points, in its own frame, lie within it on the ground
    for (int i : clusters.get(1)) {
      double[] local = box.toLocal(p[4 * i], p[4 * i + 1], p[4 * i + 2]);
      assertThat(Math.abs(local[0])).isLessThanOrEqualTo(box.length() / 2 + 1e-9);
      assertThat(Math.abs(local[1])).isLessThanOrEqualTo(box.width() / 2 + 1e-9);
      assertThat(local[2]).isBetween(0.0, box.height() + 1e-9);
    }
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
