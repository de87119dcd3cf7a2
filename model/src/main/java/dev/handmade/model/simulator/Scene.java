package dev.handmade.model.simulator;

import dev.handmade.schema.Lighting;
import dev.handmade.schema.Weather;
import java.util.SplittableRandom;

/**
 * One observation set-up: the object, where the sensor stands, the light and the weather, and
 * what hides part of the object. Camera and lidar share the sensor's origin, so an occluder
 * hides the same part of the object from both.
 */
final class Scene {

  /** Roof-mounted sensor height, metres. */
  static final double SENSOR_HEIGHT = 1.73;

  final Shape shape;
  final Vec3 sensor;
  final double range;
  final Lighting lighting;
  final Weather weather;
  final double occlusion;

  /** Which side the occluder comes from: 0 left, 1 right, 2 bottom. */
  final int occluderSide;

  final Surface occluderSurface;
  final Vec3 sunDirection;

  // the view frame of the crop, centred on the object
  final Vec3 forward;
  final Vec3 right;
  final Vec3 up;

  /** tan of half the crop's field of view. */
  final double tanHalfFov;

  Scene(
      Shape shape,
      double range,
      double viewAzimuth,
      Lighting lighting,
      Weather weather,
      double occlusion,
      SplittableRandom random) {
    this.shape = shape;
    this.range = range;
    this.sensor =
        new Vec3(range * Math.cos(viewAzimuth), range * Math.sin(viewAzimuth), SENSOR_HEIGHT);
    this.lighting = lighting;
    this.weather = weather;
    this.occlusion = occlusion;
    this.occluderSide = random.nextInt(3);
    this.occluderSurface =
        Surface.of(
            new int[] {0x505058, 0x806040, 0x2A4A2A, 0xA0A0A0}[random.nextInt(4)], 0.3, 0.15);
    double sunElevation = Math.toRadians(25 + random.nextDouble() * 40);
    double sunAzimuth = random.nextDouble() * 2 * Math.PI;
    this.sunDirection =
        new Vec3(
            Math.cos(sunElevation) * Math.cos(sunAzimuth),
            Math.cos(sunElevation) * Math.sin(sunAzimuth),
            Math.sin(sunElevation));

    Vec3 toCentre = shape.centre().minus(sensor);
    double distance = toCentre.length();
    this.forward = toCentre.normalized();
    this.right = forward.cross(Vec3.UP).normalized();
    this.up = right.cross(forward).normalized();
    double angularRadius = Math.asin(Math.min(0.95, shape.boundingRadius() * 1.1 / distance));
    this.tanHalfFov = Math.tan(angularRadius);
  }

  /** Direction of the ray through view-plane coordinates (u, v), each in [-1, 1] across the crop. */
  Vec3 ray(double u, double v) {
    return forward.plus(right.times(u * tanHalfFov)).plus(up.times(v * tanHalfFov)).normalized();
  }

  /** Whether a ray from the sensor is blocked by the occluder before it reaches the object. */
  boolean occluded(Vec3 dir) {
    if (occlusion <= 0) {
      return false;
    }
    double along = dir.dot(forward);
    if (along <= 0) {
      return false;
    }
    double u = dir.dot(right) / along / tanHalfFov;
    double v = dir.dot(up) / along / tanHalfFov;
    double edge = 1 - 2 * occlusion;
    return switch (occluderSide) {
      case 0 -> u < -edge;
      case 1 -> u > edge;
      default -> v < -edge;
    };
  }
}
