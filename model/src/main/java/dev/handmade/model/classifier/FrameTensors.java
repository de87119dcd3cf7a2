package dev.handmade.model.classifier;

import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import java.nio.ByteBuffer;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns frames into the network's two inputs.
 *
 * <p>Camera: {@code [n, 3, size, size]}, RGB scaled to 0..1, resized when the crop is not the
 * model's size. Lidar: {@code [n, 6, points]} (channels first, one column a point): x, y, z in
 * units of 4 m, intensity, a valid flag, and log point count. Frames with more points are
 * subsampled with an even stride, frames with fewer repeat theirs cyclically: max pooling is
 * unchanged by repeats, so padding adds nothing the network could mistake for structure. The
 * log count is the one thing max pooling cannot see for itself: how dense the return was.
 */
public final class FrameTensors {

  public static final int LIDAR_CHANNELS = 6;
  private static final float METRES_PER_UNIT = 4f;
  private static final double LOG_COUNT_SCALE = Math.log1p(1024);

  private final int cropSize;
  private final int points;

  public FrameTensors(int cropSize, int points) {
    this.cropSize = cropSize;
    this.points = points;
  }

  public int cropSize() {
    return cropSize;
  }

  public int points() {
    return points;
  }

  /**
   * Checks that a frame can be read: crop bytes match its size, points are finite.
   *
   * @throws MalformedFrameException naming the frame and the problem
   */
  public static void validate(Frame frame) {
    String id = frame.getFrameId() == null ? "<no id>" : frame.getFrameId();
    CameraCrop crop = frame.getCamera();
    if (crop == null || crop.getRgb() == null) {
      throw new MalformedFrameException(id, "has no camera crop");
    }
    if (crop.getWidth() <= 0
        || crop.getHeight() <= 0
        || crop.getWidth() > 4096
        || crop.getHeight() > 4096) {
      throw new MalformedFrameException(
          id,
          "camera crop size "
              + crop.getWidth()
              + "x"
              + crop.getHeight()
              + " is outside 1..4096 pixels");
    }
    long expected = 3L * crop.getWidth() * crop.getHeight();
    if (crop.getRgb().remaining() != expected) {
      throw new MalformedFrameException(
          id,
          "camera crop of "
              + crop.getWidth()
              + "x"
              + crop.getHeight()
              + " needs "
              + expected
              + " RGB bytes, has "
              + crop.getRgb().remaining());
    }
    List<LidarPoint> lidar = frame.getLidar();
    if (lidar == null) {
      throw new MalformedFrameException(id, "has no lidar point list");
    }
    for (int i = 0; i < lidar.size(); i++) {
      LidarPoint p = lidar.get(i);
      if (!Float.isFinite(p.getX())
          || !Float.isFinite(p.getY())
          || !Float.isFinite(p.getZ())
          || !Float.isFinite(p.getIntensity())) {
        throw new MalformedFrameException(
            id,
            "lidar point "
                + i
                + " is not finite ("
                + p.getX()
                + ", "
                + p.getY()
                + ", "
                + p.getZ()
                + ", "
                + p.getIntensity()
                + ")");
      }
    }
  }

  public INDArray camera(List<Frame> frames) {
    int n = frames.size();
    float[] data = new float[n * 3 * cropSize * cropSize];
    int plane = cropSize * cropSize;
    for (int f = 0; f < n; f++) {
      Frame frame = frames.get(f);
      validate(frame);
      CameraCrop crop = frame.getCamera();
      ByteBuffer rgb = crop.getRgb().duplicate();
      int w = crop.getWidth();
      int h = crop.getHeight();
      int base = f * 3 * plane;
      for (int y = 0; y < cropSize; y++) {
        // nearest-neighbour resize: crops from other sources arrive at other sizes
        int sy = Math.min(h - 1, (int) ((y + 0.5) * h / cropSize));
        for (int x = 0; x < cropSize; x++) {
          int sx = Math.min(w - 1, (int) ((x + 0.5) * w / cropSize));
          int src = rgb.position() + (sy * w + sx) * 3;
          for (int c = 0; c < 3; c++) {
            data[base + c * plane + y * cropSize + x] = (rgb.get(src + c) & 0xff) / 255f;
          }
        }
      }
    }
    return Nd4j.create(data, new long[] {n, 3, cropSize, cropSize}, 'c');
  }

  public INDArray lidar(List<Frame> frames) {
    int n = frames.size();
    float[] data = new float[n * LIDAR_CHANNELS * points];
    for (int f = 0; f < n; f++) {
      List<LidarPoint> pts = frames.get(f).getLidar();
      int count = pts.size();
      float logCount = (float) (Math.log1p(count) / LOG_COUNT_SCALE);
      int base = f * LIDAR_CHANNELS * points;
      for (int k = 0; k < points; k++) {
        if (count == 0) {
          data[base + 5 * points + k] = logCount;
          continue;
        }
        int idx = count >= points ? (int) ((long) k * count / points) : k % count;
        LidarPoint p = pts.get(idx);
        data[base + k] = p.getX() / METRES_PER_UNIT;
        data[base + points + k] = p.getY() / METRES_PER_UNIT;
        data[base + 2 * points + k] = p.getZ() / METRES_PER_UNIT;
        data[base + 3 * points + k] = p.getIntensity();
        data[base + 4 * points + k] = 1f;
        data[base + 5 * points + k] = logCount;
      }
    }
    return Nd4j.create(data, new long[] {n, LIDAR_CHANNELS, points}, 'c');
  }

  /** One-hot labels {@code [n, classes]} from the given class ordinals. */
  public static INDArray oneHot(int[] labels, int classes) {
    INDArray out = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, labels.length, classes);
    for (int i = 0; i < labels.length; i++) {
      out.putScalar(i, labels[i], 1f);
    }
    return out;
  }
}
