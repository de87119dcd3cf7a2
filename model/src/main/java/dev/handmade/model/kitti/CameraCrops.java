package dev.handmade.model.kitti;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Cuts a box out of a camera image and resizes it to the crop size of frames. */
final class CameraCrops {

  private CameraCrops() {}

  /**
   * The box clipped to the image, as whole pixels {x0, y0, x1, y1} (x1, y1 exclusive), or null
   * when nothing of it is on the image.
   */
  static int[] clip(double left, double top, double right, double bottom, int width, int height) {
    int x0 = (int) Math.max(0, Math.floor(left));
    int y0 = (int) Math.max(0, Math.floor(top));
    int x1 = (int) Math.min(width, Math.ceil(right));
    int y1 = (int) Math.min(height, Math.ceil(bottom));
    if (x1 <= x0 || y1 <= y0) {
      return null;
    }
    return new int[] {x0, y0, x1, y1};
  }

  /** Row-major RGB bytes of the region, resized to size x size. */
  static byte[] crop(BufferedImage image, int[] region, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      // a distant object is a few pixels wide: bilinear keeps it a smooth blob, not blocks
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, size, size, region[0], region[1], region[2], region[3], null);
    } finally {
      g.dispose();
    }
    int[] argb = out.getRGB(0, 0, size, size, null, 0, size);
    byte[] rgb = new byte[3 * argb.length];
    for (int i = 0; i < argb.length; i++) {
      rgb[3 * i] = (byte) (argb[i] >> 16);
      rgb[3 * i + 1] = (byte) (argb[i] >> 8);
      rgb[3 * i + 2] = (byte) argb[i];
    }
    return rgb;
  }
}
