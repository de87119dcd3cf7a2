package dev.handmade.model.kitti;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Cuts a box out of a camera image and scales it into the square crop of frames, keeping its
 * shape: a person's tall box stays tall and a car's wide box wide, with neutral grey beside them,
 * so that nobody is shown a thin strip stretched square.
 */
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

  /** Grey of the margins: the middle of the range, no colour of its own. */
  static final int MARGIN_RGB = 0x808080;

  /**
   * Where the region lands in a size x size crop, {x0, y0, x1, y1} (x1, y1 exclusive): scaled so
   * that its longer side fills the crop, and centred.
   */
  static int[] placement(int[] region, int size) {
    int w = region[2] - region[0];
    int h = region[3] - region[1];
    double scale = (double) size / Math.max(w, h);
    int pw = Math.max(1, (int) Math.round(w * scale));
    int ph = Math.max(1, (int) Math.round(h * scale));
    int x0 = (size - pw) / 2;
    int y0 = (size - ph) / 2;
    return new int[] {x0, y0, x0 + pw, y0 + ph};
  }

  /** Row-major RGB bytes of the region, scaled into size x size with its aspect ratio kept. */
  static byte[] crop(BufferedImage image, int[] region, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(new java.awt.Color(MARGIN_RGB));
      g.fillRect(0, 0, size, size);
      // a distant object is a few pixels wide: bilinear keeps it a smooth blob, not blocks
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      int[] at = placement(region, size);
      g.drawImage(image, at[0], at[1], at[2], at[3], region[0], region[1], region[2], region[3], null);
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
