package dev.handmade.model.kitti;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The three KITTI frames in {@code shared/data/kitti-sample}, and a reading of their files that
 * shares no code with the importer, so that tests can check the importer against it.
 */
public final class KittiSample {

  public static final String PROPERTY = "handmade.kitti.sample";

  private KittiSample() {}

  /**
   * The sample's folder (holding {@code training/}): the system property {@value #PROPERTY} when
   * set, else {@code shared/data/kitti-sample} beside the repository (tests run in the module's
   * folder, one below the repository root). Skips the test when it is absent.
   */
  public static Path root() {
    String configured = System.getProperty(PROPERTY);
    Path root =
        (configured == null || configured.isBlank()
                ? Path.of("..", "..", "shared", "data", "kitti-sample")
                : Path.of(configured))
            .toAbsolutePath()
            .normalize();
    Assumptions.assumeTrue(
        Files.isDirectory(root.resolve("training").resolve("velodyne")),
        "KITTI sample not found at " + root);
    return root;
  }

  public static KittiDataset dataset() {
    return new KittiDataset(root(), "training");
  }

  /** The raw sweep: x, y, z, reflectance per point. */
  public static float[] sweep(Path bin) throws IOException {
    byte[] bytes = Files.readAllBytes(bin);
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /**
   * {@code P2 * R0_rect * Tr_velo_to_cam} from a calibration file, as a 3x4 row-major matrix:
   * lidar points to homogeneous pixels of the left colour image.
   */
  public static double[] veloToImage(Path calib) throws IOException {
    Map<String, double[]> m = new HashMap<>();
    for (String line : Files.readAllLines(calib)) {
      String[] kv = line.split(":", 2);
      if (kv.length == 2 && !kv[1].isBlank()) {
        String[] f = kv[1].trim().split("\\s+");
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
          v[i] = Double.parseDouble(f[i]);
        }
        m.put(kv[0].trim(), v);
      }
    }
    double[][] p2 = rows(m.get("P2"), 3, 4);
    double[][] r0 = new double[4][4];
    double[][] r = rows(m.get("R0_rect"), 3, 3);
    for (int i = 0; i < 3; i++) {
      System.arraycopy(r[i], 0, r0[i], 0, 3);
    }
    r0[3][3] = 1;
    double[][] tr = new double[4][4];
    double[][] t = rows(m.get("Tr_velo_to_cam"), 3, 4);
    for (int i = 0; i < 3; i++) {
      System.arraycopy(t[i], 0, tr[i], 0, 4);
    }
    tr[3][3] = 1;
    double[][] product = multiply(multiply(p2, r0), tr);
    double[] flat = new double[12];
    for (int i = 0; i < 3; i++) {
      System.arraycopy(product[i], 0, flat, 4 * i, 4);
    }
    return flat;
  }

  /** A lidar point's pixel {u, v}, or null behind the camera. */
  public static double[] project(double[] m, double x, double y, double z) {
    double w = m[8] * x + m[9] * y + m[10] * z + m[11];
    if (w <= 0) {
      return null;
    }
    return new double[] {
      (m[0] * x + m[1] * y + m[2] * z + m[3]) / w, (m[4] * x + m[5] * y + m[6] * z + m[7]) / w
    };
  }

  private static double[][] rows(double[] v, int rows, int cols) {
    double[][] out = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(v, i * cols, out[i], 0, cols);
    }
    return out;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] out = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        for (int k = 0; k < b.length; k++) {
          out[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return out;
  }
}
