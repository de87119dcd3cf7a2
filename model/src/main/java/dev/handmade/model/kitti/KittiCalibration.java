package dev.handmade.model.kitti;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calibration of one KITTI frame: the left colour camera's projection {@code P2}, the
 * rectifying rotation {@code R0_rect} and the rigid lidar-to-camera transform
 * {@code Tr_velo_to_cam}.
 *
 * <p>Two spaces matter: the lidar frame (x forward, y left, z up) and the rectified camera frame
 * (x right, y down, z forward) in which the labels' 3D boxes are given.
 */
public final class KittiCalibration {

  private final double[] p2;

  /** {@code R0_rect * Tr_velo_to_cam} as a 3x4 row-major matrix: lidar to rectified camera. */
  private final double[] veloToRect;

  /** The inverse of {@link #veloToRect}, also 3x4: its rotation part is orthonormal. */
  private final double[] rectToVelo;

  KittiCalibration(double[] p2, double[] r0, double[] trVeloToCam) {
    this.p2 = p2.clone();
    double[] m = new double[12];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 4; c++) {
        double s = 0;
        for (int k = 0; k < 3; k++) {
          s += r0[r * 3 + k] * trVeloToCam[k * 4 + c];
        }
        m[r * 4 + c] = s;
      }
    }
    this.veloToRect = m;
    double[] inv = new double[12];
    for (int r = 0; r < 3; r++) {
      double t = 0;
      for (int c = 0; c < 3; c++) {
        inv[r * 4 + c] = m[c * 4 + r];
        t -= m[c * 4 + r] * m[c * 4 + 3];
      }
      inv[r * 4 + 3] = t;
    }
    this.rectToVelo = inv;
  }

  /**
   * Reads a KITTI {@code calib/NNNNNN.txt}.
   *
   * @param name how the file is named in error messages (e.g. {@code calib/000001.txt})
   * @throws KittiFormatException when the file is missing, a needed key is absent or a value is
   *     not a number
   */
  public static KittiCalibration read(Path file, String name) throws KittiFormatException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new KittiFormatException(name, 0, "calibration file is missing");
    } catch (IOException e) {
      throw new KittiFormatException(name, 0, "cannot read calibration: " + e.getMessage(), e);
    }
    Map<String, double[]> values = new HashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int colon = line.indexOf(':');
      if (line.isEmpty() || colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String[] fields = line.substring(colon + 1).strip().split("\\s+");
      double[] numbers = new double[fields.length];
      for (int f = 0; f < fields.length; f++) {
        try {
          numbers[f] = Double.parseDouble(fields[f]);
        } catch (NumberFormatException e) {
          throw new KittiFormatException(
              name, i + 1, key + ": '" + fields[f] + "' is not a number");
        }
        if (!Double.isFinite(numbers[f])) {
          throw new KittiFormatException(name, i + 1, key + ": '" + fields[f] + "' is not finite");
        }
      }
      values.put(key, numbers);
      lineOf.put(key, i + 1);
    }
    return new KittiCalibration(
        need(values, lineOf, name, "P2", 12),
        need(values, lineOf, name, "R0_rect", 9),
        need(values, lineOf, name, "Tr_velo_to_cam", 12));
  }

  private static double[] need(
      Map<String, double[]> values, Map<String, Integer> lineOf, String name, String key, int count)
      throws KittiFormatException {
    double[] v = values.get(key);
    if (v == null) {
      throw new KittiFormatException(name, 0, "no '" + key + ":' line");
    }
    if (v.length != count) {
      throw new KittiFormatException(
          name, lineOf.get(key), key + " has " + v.length + " numbers, expected " + count);
    }
    return v;
  }

  /** A lidar point in the rectified camera frame. */
  public double[] veloToRect(double x, double y, double z) {
    return apply(veloToRect, x, y, z);
  }

  /** A rectified camera point in the lidar frame. */
  public double[] rectToVelo(double x, double y, double z) {
    return apply(rectToVelo, x, y, z);
  }

  /**
   * A rectified camera point on the left colour image: {u, v, depth}, or null when it lies less
   * than 10 cm in front of the camera (its projection would be meaningless or far off).
   */
  public double[] rectToImage(double x, double y, double z) {
    double[] h = apply(p2, x, y, z);
    if (h[2] < 0.1) {
      return null;
    }
    return new double[] {h[0] / h[2], h[1] / h[2], h[2]};
  }

  /** A lidar point on the left colour image; see {@link #rectToImage}. */
  public double[] veloToImage(double x, double y, double z) {
    double[] r = veloToRect(x, y, z);
    return rectToImage(r[0], r[1], r[2]);
  }

  private static double[] apply(double[] m, double x, double y, double z) {
    return new double[] {
      m[0] * x + m[1] * y + m[2] * z + m[3],
      m[4] * x + m[5] * y + m[6] * z + m[7],
      m[8] * x + m[9] * y + m[10] * z + m[11]
    };
  }
}
