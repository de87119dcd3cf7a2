package dev.handmade.model.simulator;

/** Deterministic 3D value noise in [0, 1): surface texture that stays put on the object. */
final class ValueNoise {

  private ValueNoise() {}

  static double at(Vec3 p, double frequency) {
    double x = p.x() * frequency;
    double y = p.y() * frequency;
    double z = p.z() * frequency;
    long xi = (long) Math.floor(x);
    long yi = (long) Math.floor(y);
    long zi = (long) Math.floor(z);
    double fx = smooth(x - xi);
    double fy = smooth(y - yi);
    double fz = smooth(z - zi);
    double result = 0;
    for (int dx = 0; dx <= 1; dx++) {
      for (int dy = 0; dy <= 1; dy++) {
        for (int dz = 0; dz <= 1; dz++) {
          double w = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy) * (dz == 0 ? 1 - fz : fz);
          result += w * lattice(xi + dx, yi + dy, zi + dz);
        }
      }
    }
    return result;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }

  private static double lattice(long x, long y, long z) {
    long h = x * 0x9E3779B97F4A7C15L ^ y * 0xC2B2AE3D27D4EB4FL ^ z * 0x165667B19E3779F9L;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (h >>> 11) * 0x1.0p-53;
  }
}
