package dev.handmade.pipeline.source.simulator;

import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The simulator as a FLIP-27 source: frame {@code i} of a seeded simulator for each index the
 * data-generator source hands out, rate-limited. Its checkpoint is the generator's position, and
 * frame {@code i} is the same on every run, so a restore replays exactly the same frames.
 *
 * <p>With {@code distinctFrames} &gt; 0 each reader renders that many frames once and replays them
 * in a cycle, each replay with its own id ({@code sim-SEED-INDEX-REPLAY}) and capture time: for
 * measuring the job at full speed, where rendering every frame would cost more than classifying it.
 *
 * <p>{@code corruptEvery} &gt; 0 damages every n-th frame the way broken sensors and encoders do
 * (a crop of the wrong size, or points that are not numbers), to exercise the dead-letter path.
 */
public final class SimulatedFrames implements GeneratorFunction<Long, IngestedFrame> {

  /**
   * "Endless": 2^40 frames, 7,000 years at 5 a second. The generator splits its index range evenly
   * among parallel readers, so with {@code Long.MAX_VALUE} a second reader's frames started at
   * index 2^62, whose capture times (100 ms a frame) overflowed into negative ones.
   */
  static final long ENDLESS = 1L << 40;

  /** Replayed frames are kept in each reader's memory, a few kilobytes each. */
  static final int MAX_DISTINCT_FRAMES = 100_000;

  private final long seed;
  private final long corruptEvery;
  private final int distinctFrames;
  private transient SensorSimulator simulator;
  private transient Frame[] rendered;

  SimulatedFrames(long seed, long corruptEvery, int distinctFrames) {
    if (distinctFrames < 0 || distinctFrames > MAX_DISTINCT_FRAMES) {
      throw new IllegalArgumentException(
          "distinct frames must be 0 (render every frame) to "
              + MAX_DISTINCT_FRAMES
              + ", since each reader keeps them in memory: "
              + distinctFrames);
    }
    this.seed = seed;
    this.corruptEvery = corruptEvery;
    this.distinctFrames = distinctFrames;
  }

  /**
   * @param count frames in all ({@code Long.MAX_VALUE} for an endless stream)
   * @param framesPerSecond across all parallel readers
   */
  public static DataGeneratorSource<IngestedFrame> source(
      long seed, long count, double framesPerSecond, long corruptEvery) {
    return source(seed, count, framesPerSecond, corruptEvery, 0);
  }

  /**
   * @param distinctFrames frames rendered once and replayed in a cycle (0: every frame rendered)
   */
  public static DataGeneratorSource<IngestedFrame> source(
      long seed, long count, double framesPerSecond, long corruptEvery, int distinctFrames) {
    return new DataGeneratorSource<>(
        new SimulatedFrames(seed, corruptEvery, distinctFrames),
        Math.min(count, ENDLESS),
        RateLimiterStrategy.perSecond(framesPerSecond),
        TypeInformation.of(IngestedFrame.class));
  }

  @Override
  public void open(org.apache.flink.api.connector.source.SourceReaderContext readerContext) {
    simulator = SensorSimulator.builder().seed(seed).build();
    if (distinctFrames > 0) {
      rendered = simulator.frames(0, distinctFrames).toArray(Frame[]::new);
    }
  }

  @Override
  public IngestedFrame map(Long index) {
    Frame frame = distinctFrames > 0 ? replay(index) : simulator.frame(index);
    if (corruptEvery > 0 && index % corruptEvery == corruptEvery - 1) {
      frame = damage(frame, index);
    }
    return IngestedFrame.of(frame);
  }

  /** Frame {@code index % distinctFrames} again, under an id and capture time of its own. */
  private Frame replay(long index) {
    Frame original = rendered[(int) (index % distinctFrames)];
    long replay = index / distinctFrames;
    return Frame.newBuilder(original)
        .setFrameId(original.getFrameId() + "-" + replay)
        .setCapturedAt(
            original
                .getCapturedAt()
                .plusMillis(
                    SensorSimulator.FRAME_INTERVAL_MILLIS * (index - index % distinctFrames)))
        .build();
  }

  private static Frame damage(Frame frame, long index) {
    if (index % 2 == 0) {
      CameraCrop crop = frame.getCamera();
      return Frame.newBuilder(frame)
          .setCamera(
              new CameraCrop(crop.getWidth(), crop.getHeight(), ByteBuffer.wrap(new byte[17])))
          .build();
    }
    List<LidarPoint> points = new ArrayList<>(frame.getLidar());
    points.add(new LidarPoint(Float.NaN, 0f, 0f, 0f));
    return Frame.newBuilder(frame).setLidar(points).build();
  }
}
