package dev.handmade.model.simulator;

import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectBox;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Weather;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Simulated lidar and camera observations of objects of every class, with ground truth.
 *
 * <p>Difficulty is drawn per frame (range, occlusion, night, rain, fog), so some frames are
 * easy and some are truly ambiguous: at 50 m at night a bare tree and a wooden pole give the
 * same few scan lines and the same dark smear. Frame {@code i} of a simulator depends only on
 * its seed and {@code i}: any frame can be regenerated on its own, in any order, on any machine.
 */
public final class SensorSimulator {

  public static final String SOURCE = "simulator";

  private static final ObjectClass[] CLASSES = ObjectClass.values();

  /** A street scene's mix: more cars than anything else, signs and poles everywhere. */
  private static final double[] CLASS_SHARE = {0.22, 0.10, 0.15, 0.10, 0.12, 0.12, 0.10, 0.09};

  /** Frame {@code i} is captured this long after frame {@code i - 1}. */
  public static final long FRAME_INTERVAL_MILLIS = 100;

  private final long seed;
  private final int cropSize;
  private final int maxPoints;
  private final int vehicles;
  private final Instant start;
  private final double minRange;
  private final double maxRange;
  private final CameraRenderer camera;
  private final LidarScanner lidar;

  private SensorSimulator(Builder b) {
    this.seed = b.seed;
    this.cropSize = b.cropSize;
    this.maxPoints = b.maxPoints;
    this.vehicles = b.vehicles;
    this.start = b.start;
    this.minRange = b.minRange;
    this.maxRange = b.maxRange;
    this.camera = new CameraRenderer(cropSize);
    this.lidar = new LidarScanner(maxPoints);
  }

  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  /** Frame number {@code index} of this simulator's stream. */
  public Frame frame(long index) {
    SplittableRandom random = new SplittableRandom(mix(seed, index));
    ObjectClass truth = drawClass(random);
    Shape shape = ShapeFactory.create(truth, random);

    double range = minRange + (maxRange - minRange) * Math.pow(random.nextDouble(), 1.4);
    Lighting lighting = pick(random, new double[] {0.65, 0.15, 0.20}, Lighting.values());
    Weather weather = pick(random, new double[] {0.75, 0.18, 0.07}, Weather.values());
    double occlusion = random.nextDouble() < 0.55 ? 0 : 0.1 + 0.6 * random.nextDouble();
    double viewAzimuth =
        truth == ObjectClass.TRAFFIC_SIGN
            // signs are seen mostly from the front, where they face traffic
            ? Math.toRadians(-70 + 140 * random.nextDouble())
            : random.nextDouble() * 2 * Math.PI;
    Scene scene = new Scene(shape, range, viewAzimuth, lighting, weather, occlusion, random);

    byte[] rgb = camera.render(scene, random);
    var points = lidar.scan(scene, random);
    return Frame.newBuilder()
        .setFrameId("sim-" + seed + "-" + index)
        .setSource(SOURCE)
        .setVehicleId("sim-vehicle-" + Math.floorMod(index, vehicles))
        .setCapturedAt(start.plusMillis(FRAME_INTERVAL_MILLIS * index))
        .setCamera(new CameraCrop(cropSize, cropSize, ByteBuffer.wrap(rgb)))
        .setLidar(points)
        .setConditions(
            CaptureConditions.newBuilder()
                .setRangeMeters((float) range)
                .setOcclusion((float) occlusion)
                .setLighting(lighting)
                .setWeather(weather)
                .build())
        .setBox(
            new ObjectBox(
                (float) shape.length(),
                (float) shape.width(),
                (float) shape.height(),
                (float) Math.IEEEremainder(viewAzimuth + Math.PI, 2 * Math.PI)))
        .setGroundTruth(truth)
        .build();
  }

  /** Frames {@code from} (inclusive) to {@code from + count} (exclusive). */
  public List<Frame> frames(long from, int count) {
    List<Frame> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(frame(from + i));
    }
    return out;
  }

  private static ObjectClass drawClass(SplittableRandom random) {
    return pick(random, CLASS_SHARE, CLASSES);
  }

  private static <T> T pick(SplittableRandom random, double[] weights, T[] values) {
    double u = random.nextDouble();
    double acc = 0;
    for (int i = 0; i < values.length; i++) {
      acc += weights[i];
      if (u < acc) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  /** A 64-bit mix of seed and index, so neighbouring frames draw unrelated random streams. */
  private static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static final class Builder {
    private long seed = 1;
    private int cropSize = 32;
    private int maxPoints = 512;
    private int vehicles = 4;
    private Instant start = Instant.parse("2026-01-01T08:00:00Z");
    private double minRange = 6;
    private double maxRange = 60;

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Side of the square camera crop, pixels. */
    public Builder cropSize(int cropSize) {
      this.cropSize = cropSize;
      return this;
    }

    /** Most lidar points kept per frame; near objects are subsampled to it. */
    public Builder maxPoints(int maxPoints) {
      this.maxPoints = maxPoints;
      return this;
    }

    /** How many simulated vehicles the frames are spread over. */
    public Builder vehicles(int vehicles) {
      this.vehicles = vehicles;
      return this;
    }

    /** Capture time of frame 0; frames are 100 ms apart. */
    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    public Builder rangeMeters(double min, double max) {
      this.minRange = min;
      this.maxRange = max;
      return this;
    }

    public SensorSimulator build() {
      if (cropSize < 8 || cropSize > 256) {
        throw new IllegalArgumentException("cropSize must be 8..256 pixels, got " + cropSize);
      }
      if (maxPoints < 1) {
        throw new IllegalArgumentException("maxPoints must be at least 1, got " + maxPoints);
      }
      if (vehicles < 1) {
        throw new IllegalArgumentException("vehicles must be at least 1, got " + vehicles);
      }
      if (!(minRange >= 3 && maxRange > minRange)) {
        throw new IllegalArgumentException(
            "range must satisfy 3 <= min < max metres, got " + minRange + ".." + maxRange);
      }
      return new SensorSimulator(this);
    }
  }
}
