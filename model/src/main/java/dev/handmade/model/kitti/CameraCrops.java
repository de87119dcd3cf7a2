package dev.handmade.model.kitti;

import dev.handmade.schema.CameraImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Cuts a box out of a camera image and scales it into the square crop of frames, keeping its
 * shape: a person's tall box stays tall and a car's wide box wide, with neutral grey beside them,
 * so that nobody is shown a thin strip stretched square. Also makes the scaled-down whole image
 * that goes with each crop, so that people see where a far object of a few pixels stands.
 */
public final class CameraCrops {

  /** Widest whole image a frame carries, pixels: enough to see the scene, small enough (tens of KB) to repeat. */
  public static final int OVERVIEW_WIDTH = 640;

  private static final float OVERVIEW_JPEG_QUALITY = 0.85f;

  /** A camera image scaled down once and JPEG-encoded, shared by the frames of all its objects. */
  public record Overview(int width, int height, byte[] jpeg, double scale) {

    /** The overview with the crop's region (full-image pixels) marked on it. */
    public CameraImage withCrop(int[] region) {
      return new CameraImage(
          width,
          height,
          ByteBuffer.wrap(jpeg),
          (float) (region[0] * scale),
          (float) (region[1] * scale),
          (float) (region[2] * scale),
          (float) (region[3] * scale));
    }
  }

  /** Why a camera image cannot be used, in the words an import report gives. */
  public static final class UnreadableImage extends Exception {
    UnreadableImage(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private CameraCrops() {}

  /** The camera image in the file, as the importers read it; the exception's message goes into their reports. */
  public static BufferedImage read(Path file) throws UnreadableImage {
    if (!Files.isRegularFile(file)) {
      throw new UnreadableImage("camera image is missing", null);
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new UnreadableImage("cannot read the image: " + e.getMessage(), e);
    }
    if (image == null) {
      throw new UnreadableImage("not an image ImageIO can read", null);
    }
    return image;
  }

  /**
   * The box clipped to the image, as whole pixels {x0, y0, x1, y1} (x1, y1 exclusive), or null
   * when nothing of it is on the image.
   */
  public static int[] clip(
      double left, double top, double right, double bottom, int width, int height) {
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
  public static byte[] crop(BufferedImage image, int[] region, int size) {
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(new Color(MARGIN_RGB));
      g.fillRect(0, 0, size, size);
      // a distant object is a few pixels wide: bilinear keeps it a smooth blob, not blocks
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      int[] at = placement(region, size);
      g.drawImage(
          image, at[0], at[1], at[2], at[3], region[0], region[1], region[2], region[3], null);
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

  /** The image scaled to at most {@link #OVERVIEW_WIDTH} wide, aspect kept, as JPEG. */
  public static Overview overview(BufferedImage image) {
    double scale = Math.min(1.0, (double) OVERVIEW_WIDTH / image.getWidth());
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, w, h, Color.BLACK, null);
    } finally {
      g.dispose();
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(OVERVIEW_JPEG_QUALITY);
      writer.write(null, new IIOImage(out, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a JPEG in memory", e);
    } finally {
      writer.dispose();
    }
    return new Overview(w, h, bytes.toByteArray(), (double) w / image.getWidth());
  }
}
