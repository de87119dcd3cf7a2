package dev.handmade.model.simulator;

import java.util.List;

/**
 * An object as a union of primitives, with the box that encloses it (length along x, width
 * along y, height along z, base on the ground at the origin).
 */
record Shape(List<Primitive> parts, double length, double width, double height) {

  /** The nearest hit of any part, or null. */
  Primitive.Hit intersect(Vec3 origin, Vec3 dir) {
    Primitive.Hit best = null;
    for (Primitive p : parts) {
      Primitive.Hit h = p.intersect(origin, dir);
      if (h != null && (best == null || h.t() < best.t())) {
        best = h;
      }
    }
    return best;
  }

  Vec3 centre() {
    return new Vec3(0, 0, height / 2);
  }

  /** Radius of the sphere around {@link #centre()} that holds the whole object. */
  double boundingRadius() {
    return 0.5 * Math.sqrt(length * length + width * width + height * height);
  }
}
