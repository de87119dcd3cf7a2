package dev.handmade.model.simulator;

import dev.handmade.schema.Lighting;
import dev.handmade.schema.Weather;
import java.util.SplittableRandom;

/**
 * Renders the camera crop of a scene by casting one ray per pixel. Far objects are rendered at
 * the few pixels a real camera would give them and scaled up, so range costs detail the way it
 * does in a real crop; night, rain, fog, blur and sensor noise are applied on top.
 */
final class CameraRenderer {

  /** Focal length in pixels of the simulated camera: a wide-angle automotive camera. */
  private static final double FOCAL_PIXELS = 300;

  private final int cropSize;

  CameraRenderer(int cropSize) {
    this.cropSize = cropSize;
  }

  /** Row-major RGB bytes, {@code cropSize * cropSize * 3}. */
  byte[] render(Scene scene, SplittableRandom random) {
    double apparentPixels = FOCAL_PIXELS * 2 * scene.shape.boundingRadius() * 1.1 / scene.range;
    int res = (int) Math.max(6, Math.min(2 * cropSize, Math.round(apparentPixels)));
    double[] native_ = new double[res * res * 3];
    for (int j = 0; j < res; j++) {
      for (int i = 0; i < res; i++) {
        double u = ((i + 0.5) / res) * 2 - 1;
        double v = 1 - ((j + 0.5) / res) * 2;
        shade(scene, scene.ray(u, v), native_, (j * res + i) * 3);
      }
    }
    double[] img = resize(native_, res, cropSize);
    if (random.nextDouble() < 0.15) {
      img = horizontalBlur(img, cropSize, 1 + random.nextInt(3));
    }
    if (scene.weather == Weather.RAIN) {
      addRainStreaks(img, random);
    }
    double noise =
        switch (scene.lighting) {
          case DAY -> 0.02;
          case DUSK -> 0.05;
          case NIGHT -> 0.1;
        };
    byte[] out = new byte[img.length];
    for (int k = 0; k < img.length; k++) {
      double value = img[k] + noise * random.nextGaussian();
      out[k] = (byte) Math.max(0, Math.min(255, Math.round(value * 255)));
    }
    return out;
  }

  private void shade(Scene scene, Vec3 dir, double[] out, int at) {
    Surface surface;
    Vec3 normal;
    double distance;
    if (scene.occluded(dir)) {
      surface = scene.occluderSurface;
      normal = dir.times(-1);
      distance = scene.range * 0.6;
    } else {
      Primitive.Hit hit = scene.shape.intersect(scene.sensor, dir);
      if (hit != null) {
        surface = hit.surface();
        normal = hit.normal();
        distance = hit.t();
      } else {
        background(scene, dir, out, at);
        return;
      }
    }
    Vec3 point = scene.sensor.plus(dir.times(distance));
    double light = illumination(scene, normal, dir, distance);
    double grain = 1 + surface.texture() * (ValueNoise.at(point, 9.0) * 2 - 1);
    double[] tint = tint(scene.lighting);
    out[at] = surface.r() * light * grain * tint[0];
    out[at + 1] = surface.g() * light * grain * tint[1];
    out[at + 2] = surface.b() * light * grain * tint[2];
    atmosphere(scene, distance, out, at);
  }

  private static double illumination(Scene scene, Vec3 normal, Vec3 dir, double distance) {
    return switch (scene.lighting) {
      case DAY -> 0.35 + 0.7 * Math.max(0, normal.dot(scene.sunDirection));
      case DUSK -> 0.18 + 0.35 * Math.max(0, normal.dot(scene.sunDirection));
      // headlights from the sensor, falling off with distance, and a little street light
      case NIGHT -> 0.06 + 1.1 * Math.max(0, -normal.dot(dir)) / (1 + Math.pow(distance / 14, 2));
    };
  }

  private static double[] tint(Lighting lighting) {
    return switch (lighting) {
      case DAY -> new double[] {1, 1, 1};
      case DUSK -> new double[] {1.15, 0.9, 0.7};
      case NIGHT -> new double[] {0.9, 0.9, 1.1};
    };
  }

  private static void background(Scene scene, Vec3 dir, double[] out, int at) {
    double r;
    double g;
    double b;
    double distance;
    if (dir.z() < 0) {
      distance = -scene.sensor.z() / dir.z();
      Vec3 ground = scene.sensor.plus(dir.times(distance));
      double asphalt = 0.33 + 0.06 * (ValueNoise.at(ground, 3.0) - 0.5);
      double light = illumination(scene, Vec3.UP, dir, distance);
      r = g = b = asphalt * light;
    } else {
      distance = 1e4;
      double up = Math.min(1, dir.z() * 4);
      switch (scene.lighting) {
        case DAY -> {
          r = 0.65 - 0.25 * up;
          g = 0.75 - 0.15 * up;
          b = 0.9;
        }
        case DUSK -> {
          r = 0.7 - 0.3 * up;
          g = 0.45 - 0.15 * up;
          b = 0.4 + 0.1 * up;
        }
        default -> {
          r = 0.03;
          g = 0.03;
          b = 0.06;
        }
      }
    }
    double[] tint = tint(scene.lighting);
    out[at] = r * tint[0];
    out[at + 1] = g * tint[1];
    out[at + 2] = b * tint[2];
    atmosphere(scene, distance, out, at);
  }

  private static void atmosphere(Scene scene, double distance, double[] out, int at) {
    double haze =
        switch (scene.weather) {
          case CLEAR -> 0;
          case RAIN -> 0.25 * (1 - Math.exp(-distance / 60));
          case FOG -> 1 - Math.exp(-distance / 30);
        };
    double grey = scene.lighting == Lighting.NIGHT ? 0.08 : 0.62;
    for (int c = 0; c < 3; c++) {
      out[at + c] = out[at + c] * (1 - haze) + grey * haze;
    }
  }

  /** Bilinear resize of a square RGB image. */
  private static double[] resize(double[] src, int from, int to) {
    if (from == to) {
      return src;
    }
    double[] dst = new double[to * to * 3];
    double scale = (double) from / to;
    for (int y = 0; y < to; y++) {
      double sy = Math.max(0, Math.min(from - 1, (y + 0.5) * scale - 0.5));
      int y0 = (int) sy;
      int y1 = Math.min(from - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < to; x++) {
        double sx = Math.max(0, Math.min(from - 1, (x + 0.5) * scale - 0.5));
        int x0 = (int) sx;
        int x1 = Math.min(from - 1, x0 + 1);
        double fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          double top =
              src[(y0 * from + x0) * 3 + c] * (1 - fx) + src[(y0 * from + x1) * 3 + c] * fx;
          double bottom =
              src[(y1 * from + x0) * 3 + c] * (1 - fx) + src[(y1 * from + x1) * 3 + c] * fx;
          dst[(y * to + x) * 3 + c] = top * (1 - fy) + bottom * fy;
        }
      }
    }
    return dst;
  }

  private static double[] horizontalBlur(double[] img, int size, int radius) {
    double[] out = new double[img.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        for (int c = 0; c < 3; c++) {
          double sum = 0;
          int n = 0;
          for (int dx = -radius; dx <= radius; dx++) {
            int xx = Math.max(0, Math.min(size - 1, x + dx));
            sum += img[(y * size + xx) * 3 + c];
            n++;
          }
          out[(y * size + x) * 3 + c] = sum / n;
        }
      }
    }
    return out;
  }

  private void addRainStreaks(double[] img, SplittableRandom random) {
    int streaks = 4 + random.nextInt(8);
    for (int s = 0; s < streaks; s++) {
      int x = random.nextInt(cropSize);
      int y = random.nextInt(cropSize);
      int length = 3 + random.nextInt(6);
      for (int k = 0; k < length && y + k < cropSize; k++) {
        int at = ((y + k) * cropSize + x) * 3;
        for (int c = 0; c < 3; c++) {
          img[at + c] = img[at + c] * 0.6 + 0.35;
        }
      }
    }
  }
}
