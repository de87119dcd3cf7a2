package dev.handmade.model.proposals;

/**
 * One object proposal: a cluster of lidar points standing on the ground, its box and where the
 * camera sees it.
 *
 * @param points indices of the cluster's points in the sweep
 * @param centreX the box's centre in the lidar frame, metres (z half-way up the box)
 * @param groundZ height of the ground under the centre, lidar frame
 * @param length extent along {@code yaw}, metres; never less than {@code width}
 * @param height from the ground to the highest point
 * @param yaw heading of the box's long axis in the lidar frame, radians (the cluster's main
 *     direction; its sign is arbitrary, as a cluster has no front)
 * @param imageBox {left, top, right, bottom} in pixels: the points' projections, clipped to the
 *     image
 * @param kind the envelope it fits (pedestrian, cyclist, car, truck): its size, not its class
 */
public record Proposal(
    int[] points,
    double centreX,
    double centreY,
    double centreZ,
    double groundZ,
    double length,
    double width,
    double height,
    double yaw,
    double[] imageBox,
    String kind) {

  /** Distance of the box's centre from the sensor. */
  public double range() {
    return Math.sqrt(centreX * centreX + centreY * centreY + centreZ * centreZ);
  }

  /**
   * A lidar-frame point in the proposal's own frame: x along its long axis, y left of it, z up,
   * origin on the ground under its centre.
   */
  public double[] toLocal(double x, double y, double z) {
    double dx = x - centreX;
    double dy = y - centreY;
    double c = Math.cos(yaw);
    double s = Math.sin(yaw);
    return new double[] {c * dx + s * dy, -s * dx + c * dy, z - groundZ};
  }
}
