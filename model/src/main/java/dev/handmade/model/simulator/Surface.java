package dev.handmade.model.simulator;

/**
 * What a primitive is made of: its colour for the camera, its reflectance for the lidar, and
 * how much fine texture it has (foliage and bark are noisy, paint and glass are smooth).
 */
record Surface(double r, double g, double b, double reflectance, double texture) {

  static Surface of(int rgb, double reflectance, double texture) {
    return new Surface(
        ((rgb >> 16) & 0xff) / 255.0,
        ((rgb >> 8) & 0xff) / 255.0,
        (rgb & 0xff) / 255.0,
        reflectance,
        texture);
  }
}
