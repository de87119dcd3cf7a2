package dev.handmade.model.proposals;

/** How a camera sees points of the lidar frame. */
public interface CameraProjection {

  /** The point on the image, {u, v, depth}, or null when it is not in front of the camera. */
  double[] project(double x, double y, double z);

  int imageWidth();

  int imageHeight();
}
