package dev.handmade.model.nuscenes;

/**
 * A rotation and a translation, {@code p -> R p + t}: how nuScenes places a sensor on the car
 * (calibrated_sensor: ego from sensor), the car in the world (ego_pose: global from ego) and a box
 * in the world (sample_annotation: global from box).
 *
 * @param r row-major 3x3 rotation
 */
record RigidTransform(double[] r, double[] t) {

  /** From a quaternion in nuScenes' order w, x, y, z (normalised here) and a translation. */
  static RigidTransform of(double[] wxyz, double[] translation) {
    double n =
        Math.sqrt(wxyz[0] * wxyz[0] + wxyz[1] * wxyz[1] + wxyz[2] * wxyz[2] + wxyz[3] * wxyz[3]);
    double w = wxyz[0] / n;
    double x = wxyz[1] / n;
    double y = wxyz[2] / n;
    double z = wxyz[3] / n;
    double[] r = {
      1 - 2 * (y * y + z * z),
      2 * (x * y - w * z),
      2 * (x * z + w * y),
      2 * (x * y + w * z),
      1 - 2 * (x * x + z * z),
      2 * (y * z - w * x),
      2 * (x * z - w * y),
      2 * (y * z + w * x),
      1 - 2 * (x * x + y * y)
    };
    return new RigidTransform(r, translation.clone());
  }

  double[] apply(double x, double y, double z) {
    return new double[] {
      r[0] * x + r[1] * y + r[2] * z + t[0],
      r[3] * x + r[4] * y + r[5] * z + t[1],
      r[6] * x + r[7] * y + r[8] * z + t[2]
    };
  }

  /** {@code p -> R^T (p - t)}. */
  RigidTransform inverse() {
    double[] rt = {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
    return new RigidTransform(
        rt,
        new double[] {
          -(rt[0] * t[0] + rt[1] * t[1] + rt[2] * t[2]),
          -(rt[3] * t[0] + rt[4] * t[1] + rt[5] * t[2]),
          -(rt[6] * t[0] + rt[7] * t[1] + rt[8] * t[2])
        });
  }

  /** This one first, then {@code outer}: {@code p -> outer(this(p))}. */
  RigidTransform then(RigidTransform outer) {
    double[] o = outer.r;
    double[] m = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[3 * i + j] = o[3 * i] * r[j] + o[3 * i + 1] * r[3 + j] + o[3 * i + 2] * r[6 + j];
      }
    }
    return new RigidTransform(m, outer.apply(t[0], t[1], t[2]));
  }

  /** The heading of the transformed x axis in the outer frame's x-y plane, radians. */
  double yaw() {
    return Math.atan2(r[3], r[0]);
  }

  double distanceFromOrigin() {
    return Math.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
  }
}
