package dev.handmade.model.kitti;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One Velodyne sweep as KITTI stores it: little-endian float32 {@code x, y, z, reflectance} per
 * point, in the lidar frame (x forward, y left, z up, metres).
 */
public final class VelodyneScan {

  private final float[] xyzr;

  private VelodyneScan(float[] xyzr) {
    this.xyzr = xyzr;
  }

  /** A scan over the given values, four per point; for tests and other sources. */
  public static VelodyneScan of(float[] xyzr) {
    if (xyzr.length % 4 != 0) {
      throw new IllegalArgumentException(xyzr.length + " values are not whole points of 4");
    }
    return new VelodyneScan(xyzr.clone());
  }

  /**
   * @param name how the file is named in errors (e.g. {@code velodyne/000001.bin})
   * @throws KittiFormatException when the file is missing, unreadable or not whole points
   */
  public static VelodyneScan read(Path file, String name) throws KittiFormatException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new KittiFormatException(name, 0, "velodyne file is missing");
    } catch (IOException e) {
      throw new KittiFormatException(name, 0, "cannot read velodyne file: " + e.getMessage(), e);
    }
    if (bytes.length % 16 != 0) {
      // a cut-off copy: the points before the cut look fine, but nothing says where it was cut
      throw new KittiFormatException(
          name, 0, "truncated: " + bytes.length + " bytes is not a whole number of 16-byte points");
    }
    float[] xyzr = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(xyzr);
    return new VelodyneScan(xyzr);
  }

  public int size() {
    return xyzr.length / 4;
  }

  public float x(int i) {
    return xyzr[4 * i];
  }

  public float y(int i) {
    return xyzr[4 * i + 1];
  }

  public float z(int i) {
    return xyzr[4 * i + 2];
  }

  public float reflectance(int i) {
    return xyzr[4 * i + 3];
  }

  /** A copy of the values, four a point. */
  public float[] values() {
    return xyzr.clone();
  }
}
