package dev.handmade.model.simulator;

/**
 * A solid in the object's frame (x forward, y left, z up, origin on the ground under the
 * object's centre) that a ray can hit. Shapes are unions of these.
 */
sealed interface Primitive permits Primitive.Box, Primitive.Cylinder, Primitive.Sphere {

  /** The nearest hit along {@code origin + t * dir} with t > 0, or null. {@code dir} is unit length. */
  Hit intersect(Vec3 origin, Vec3 dir);

  Surface surface();

  /** A ray hit: distance along the ray, the surface normal there, and what was hit. */
  record Hit(double t, Vec3 normal, Surface surface) {}

  /** An axis-aligned box given by its centre and half-extents. */
  record Box(Vec3 centre, Vec3 half, Surface surface) implements Primitive {

    static Box between(
        double x0, double y0, double z0, double x1, double y1, double z1, Surface s) {
      return new Box(
          new Vec3((x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2),
          new Vec3(Math.abs(x1 - x0) / 2, Math.abs(y1 - y0) / 2, Math.abs(z1 - z0) / 2),
          s);
    }

    @Override
    public Hit intersect(Vec3 o, Vec3 d) {
      double tNear = Double.NEGATIVE_INFINITY;
      double tFar = Double.POSITIVE_INFINITY;
      int axis = -1;
      double[] oc = {o.x() - centre.x(), o.y() - centre.y(), o.z() - centre.z()};
      double[] dd = {d.x(), d.y(), d.z()};
      double[] hh = {half.x(), half.y(), half.z()};
      for (int i = 0; i < 3; i++) {
        if (Math.abs(dd[i]) < 1e-12) {
          if (Math.abs(oc[i]) > hh[i]) {
            return null;
          }
          continue;
        }
        double t1 = (-hh[i] - oc[i]) / dd[i];
        double t2 = (hh[i] - oc[i]) / dd[i];
        double lo = Math.min(t1, t2);
        double hi = Math.max(t1, t2);
        if (lo > tNear) {
          tNear = lo;
          axis = i;
        }
        tFar = Math.min(tFar, hi);
        if (tNear > tFar) {
          return null;
        }
      }
      if (tNear <= 1e-6 || axis < 0) {
        return null;
      }
      double sign = -Math.signum(dd[axis]);
      Vec3 n =
          axis == 0
              ? new Vec3(sign, 0, 0)
              : axis == 1 ? new Vec3(0, sign, 0) : new Vec3(0, 0, sign);
      return new Hit(tNear, n, surface);
    }
  }

  /** An upright cylinder from {@code z0} to {@code z1} around the vertical axis through (cx, cy). */
  record Cylinder(double cx, double cy, double z0, double z1, double radius, Surface surface)
      implements Primitive {

    @Override
    public Hit intersect(Vec3 o, Vec3 d) {
      double ox = o.x() - cx;
      double oy = o.y() - cy;
      double a = d.x() * d.x() + d.y() * d.y();
      Hit best = null;
      if (a > 1e-12) {
        double b = 2 * (ox * d.x() + oy * d.y());
        double c = ox * ox + oy * oy - radius * radius;
        double disc = b * b - 4 * a * c;
        if (disc >= 0) {
          double t = (-b - Math.sqrt(disc)) / (2 * a);
          double z = o.z() + t * d.z();
          if (t > 1e-6 && z >= z0 && z <= z1) {
            best = new Hit(t, new Vec3(ox + t * d.x(), oy + t * d.y(), 0).normalized(), surface);
          }
        }
      }
      if (Math.abs(d.z()) > 1e-12) {
        // the caps: the top is what a lidar on a roof sees of a short bollard
        for (double zc : new double[] {z1, z0}) {
          double t = (zc - o.z()) / d.z();
          double px = ox + t * d.x();
          double py = oy + t * d.y();
          if (t > 1e-6 && px * px + py * py <= radius * radius && (best == null || t < best.t())) {
            best = new Hit(t, new Vec3(0, 0, zc == z1 ? 1 : -1), surface);
          }
        }
      }
      return best;
    }
  }

  record Sphere(Vec3 centre, double radius, Surface surface) implements Primitive {

    @Override
    public Hit intersect(Vec3 o, Vec3 d) {
      Vec3 oc = o.minus(centre);
      double b = oc.dot(d);
      double c = oc.dot(oc) - radius * radius;
      double disc = b * b - c;
      if (disc < 0) {
        return null;
      }
      double t = -b - Math.sqrt(disc);
      if (t <= 1e-6) {
        return null;
      }
      return new Hit(t, o.plus(d.times(t)).minus(centre).normalized(), surface);
    }
  }
}
