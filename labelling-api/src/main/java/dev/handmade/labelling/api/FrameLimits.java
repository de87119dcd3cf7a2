package dev.handmade.labelling.api;

/**
 * What the service's task intake takes in a frame. The intake refuses anything beyond these
 * limits with a 400, and the pipeline checks frames against the same limits before it sends them,
 * so that such a frame is a dead letter instead of a task sink failing on every restart.
 */
public final class FrameLimits {

  /** Lidar points in one frame. */
  public static final int MAX_LIDAR_POINTS = 200_000;

  /** A side of a camera crop or of the whole camera image, in pixels. */
  public static final int MAX_IMAGE_SIDE = 2048;

  /** The whole camera image's JPEG bytes. */
  public static final int MAX_JPEG_BYTES = 1 << 20;

  private FrameLimits() {}

  public static boolean sideAllowed(int pixels) {
    return pixels >= 1 && pixels <= MAX_IMAGE_SIDE;
  }

  /** A JPEG's first bytes (start of image, then a marker), and no more than the limit. */
  public static boolean jpegAllowed(byte first, byte second, byte third, int length) {
    return length >= 3
        && length <= MAX_JPEG_BYTES
        && (first & 0xff) == 0xff
        && (second & 0xff) == 0xd8
        && (third & 0xff) == 0xff;
  }

  /** A crop's region [left, top) to [right, bottom) inside a width x height image, not empty; NaN fails. */
  public static boolean cropInside(
      double left, double top, double right, double bottom, int width, int height) {
    return left >= 0
        && top >= 0
        && right <= width
        && bottom <= height
        && left < right
        && top < bottom;
  }
}
