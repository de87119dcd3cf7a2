package dev.handmade.model.simulator;

/** An immutable 3D vector in metres; the simulator's only geometry type. */
record Vec3(double x, double y, double z) {

  static final Vec3 UP = new Vec3(0, 0, 1);

  Vec3 plus(Vec3 o) {
    return new Vec3(x + o.x, y + o.y, z + o.z);
  }

  Vec3 minus(Vec3 o) {
    return new Vec3(x - o.x, y - o.y, z - o.z);
  }

  Vec3 times(double s) {
    return new Vec3(x * s, y * s, z * s);
  }

  double dot(Vec3 o) {
    return x * o.x + y * o.y + z * o.z;
  }

  Vec3 cross(Vec3 o) {
    return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
  }

  double length() {
    return Math.sqrt(dot(this));
  }

  Vec3 normalized() {
    double l = length();
    return l == 0 ? this : times(1 / l);
  }
}
