package dev.handmade.model.simulator;

import dev.handmade.schema.LidarPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scans a scene the way a 64-beam spinning lidar does: fixed elevation rings and a fixed
 * azimuth step, so point density falls with the square of range and distant objects are cut
 * into a few scan lines. Returns carry range noise, dropouts (more on dark surfaces, at range
 * and in rain or fog) and, in rain, spurious returns from drops.
 */
final class LidarScanner {

  private static final int RINGS = 64;
  private static final double TOP_ELEVATION = Math.toRadians(2.0);
  private static final double RING_SPACING = Math.toRadians(26.8 / (RINGS - 1));
  private static final double AZIMUTH_STEP = Math.toRadians(0.2);

  private final int maxPoints;

  LidarScanner(int maxPoints) {
    this.maxPoints = maxPoints;
  }

  /** Points in the object's frame (origin on the ground under its centre). */
  List<LidarPoint> scan(Scene scene, SplittableRandom random) {
    Vec3 toCentre = scene.shape.centre().minus(scene.sensor);
    double centreAzimuth = Math.atan2(toCentre.y(), toCentre.x());
    double centreElevation = Math.asin(toCentre.z() / toCentre.length());
    double halfAngle = Math.asin(Math.min(0.95, scene.shape.boundingRadius() / toCentre.length()));
    double noise =
        switch (scene.weather) {
          case CLEAR -> 0.02;
          case RAIN -> 0.05;
          case FOG -> 0.04;
        };
    double weatherDropout =
        switch (scene.weather) {
          case CLEAR -> 0.02;
          case RAIN -> 0.2;
          case FOG -> 0.3;
        };

    List<LidarPoint> points = new ArrayList<>();
    for (int ring = 0; ring < RINGS; ring++) {
      double elevation = TOP_ELEVATION - ring * RING_SPACING;
      if (Math.abs(elevation - centreElevation) > halfAngle) {
        continue;
      }
      // the beam pattern starts at an arbitrary phase relative to the object
      double phase = random.nextDouble() * AZIMUTH_STEP;
      for (double az = centreAzimuth - halfAngle + phase;
          az <= centreAzimuth + halfAngle;
          az += AZIMUTH_STEP) {
        Vec3 dir =
            new Vec3(
                Math.cos(elevation) * Math.cos(az),
                Math.cos(elevation) * Math.sin(az),
                Math.sin(elevation));
        if (scene.occluded(dir)) {
          continue;
        }
        Primitive.Hit hit = scene.shape.intersect(scene.sensor, dir);
        if (hit == null) {
          continue;
        }
        Surface s = hit.surface();
        double incidence = Math.max(0.05, -hit.normal().dot(dir));
        double dropout = weatherDropout + (1 - s.reflectance()) * Math.min(1, hit.t() / 80) * 0.5;
        if (random.nextDouble() < dropout) {
          continue;
        }
        Vec3 p = scene.sensor.plus(dir.times(hit.t() + noise * random.nextGaussian()));
        double intensity =
            s.reflectance()
                    * Math.sqrt(incidence)
                    * (scene.weather == dev.handmade.schema.Weather.CLEAR ? 1 : 0.7)
                + 0.04 * random.nextGaussian();
        points.add(point(p, intensity));
      }
    }
    if (scene.weather == dev.handmade.schema.Weather.RAIN) {
      int drops = random.nextInt(6);
      Shape sh = scene.shape;
      for (int i = 0; i < drops; i++) {
        Vec3 p =
            new Vec3(
                (random.nextDouble() - 0.5) * (sh.length() + 1),
                (random.nextDouble() - 0.5) * (sh.width() + 1),
                random.nextDouble() * sh.height());
        points.add(point(p, 0.03 * random.nextDouble()));
      }
    }
    return subsample(points, random);
  }

  private static LidarPoint point(Vec3 p, double intensity) {
    return new LidarPoint(
        (float) p.x(), (float) p.y(), (float) p.z(), (float) Math.max(0, Math.min(1, intensity)));
  }

  /** Keeps a uniform random subset when a near object returns more points than a frame holds. */
  private List<LidarPoint> subsample(List<LidarPoint> points, SplittableRandom random) {
    if (points.size() <= maxPoints) {
      return points;
    }
    for (int i = 0; i < maxPoints; i++) {
      int j = i + random.nextInt(points.size() - i);
      LidarPoint tmp = points.get(i);
      points.set(i, points.get(j));
      points.set(j, tmp);
    }
    return new ArrayList<>(points.subList(0, maxPoints));
  }
}
