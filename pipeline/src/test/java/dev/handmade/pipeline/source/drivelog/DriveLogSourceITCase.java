package dev.handmade.pipeline.source.drivelog;

import static dev.handmade.pipeline.source.drivelog.DriveLogFiles.avro;
import static dev.handmade.pipeline.source.drivelog.DriveLogFiles.frames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.pipeline.support.FailOnceAfterACheckpoint;
import dev.handmade.pipeline.support.TestClusters;
import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Frame;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drive-log source in a real Flink job. Results come through Flink's collect sink, which with
 * checkpointing hands out only what a completed checkpoint covers, and drops the rest when the
 * job restarts: a frame that shows up twice was emitted twice by checkpoints that both completed.
 */
class DriveLogSourceITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.twoSlots();

  private static final String CORRUPT = "drive-logs/2026-11-29/car-2/corrupt.avro";

  private ObjectStore store;
  private final Set<String> expected = new HashSet<>();

  @BeforeEach
  void uploadTheFirstFiles() {
    store = S3.newStore();
    upload("drive-logs/2026-11-29/car-1/a.avro", "a", 200);
    upload("drive-logs/2026-11-29/car-1/b.avro", "b", 150);
    store.putBytes(CORRUPT, "ffmpeg output, not Avro".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @Timeout(90)
  void readsEveryFrameOnceIncludingFilesUploadedWhileItRuns() throws Exception {
    StreamExecutionEnvironment env = environment();
    DataStream<IngestedFrame> frames =
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "drive logs");

    Collected collected = run(env, frames);

    assertExactlyOnce(collected);
  }

  @Test
  @Timeout(90)
  void readsEveryFrameOnceAcrossAFailure() throws Exception {
    StreamExecutionEnvironment env = environment();
    DataStream<IngestedFrame> frames =
        env.fromSource(source(), WatermarkStrategy.noWatermarks(), "drive logs")
            .map(FailOnceAfterACheckpoint.<IngestedFrame>slowlyAfter(150, store.config()));

    Collected collected = run(env, frames);

    assertThat(store.exists(FailOnceAfterACheckpoint.MARKER))
        .as("the failure was injected")
        .isTrue();
    assertExactlyOnce(collected);
  }

  private StreamExecutionEnvironment environment() {
    Configuration config = TestClusters.restarting(3);
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);
    return env;
  }

  private DriveLogSource source() {
    return DriveLogSource.builder()
        .storeConfig(store.config())
        .prefix("drive-logs/")
        .discoveryInterval(Duration.ofMillis(100))
        .fetchBatchSize(20)
        .build();
  }

  /**
   * Runs the job until every expected frame and the dead letter have come out, uploading two
   * more files once the first frames are out; then cancels it.
   */
  private Collected run(StreamExecutionEnvironment env, DataStream<IngestedFrame> frames)
      throws Exception {
    Collected collected = new Collected();
    CloseableIterator<IngestedFrame> results = frames.collectAsync();
    JobClient job = env.executeAsync("drive-log source");
    try {
      collected.takeUntil(results, () -> !collected.frameIds.isEmpty());
      upload("drive-logs/2026-11-29/car-3/d.avro", "d", 120);
      upload("drive-logs/2026-11-30/car-1/e.avro", "e", 80);
      collected.takeUntil(
          results,
          () -> collected.frameIds.containsAll(expected) && !collected.deadLetters.isEmpty());
    } finally {
      job.cancel().get();
      results.close();
    }
    return collected;
  }

  private void assertExactlyOnce(Collected collected) {
    assertThat(new HashSet<>(collected.frameIds)).isEqualTo(expected);
    assertThat(collected.frameIds).as("no frame twice").hasSize(expected.size());
    assertThat(collected.deadLetters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.getOrigin())
                  .isEqualTo("drive-log s3://" + store.bucket() + "/" + CORRUPT);
              assertThat(letter.getStage()).isEqualTo("decode");
              assertThat(letter.getPayload()).isNull();
            });
  }

  private void upload(String key, String name, int count) {
    List<Frame> frames = frames(name, count);
    frames.forEach(f -> expected.add(f.getFrameId()));
    store.putBytes(key, avro(frames, 25));
  }

  private static final class Collected {
    final List<String> frameIds = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();

    /** Blocks on the results; the test's timeout is the deadline. */
    void takeUntil(
        CloseableIterator<IngestedFrame> results, java.util.function.BooleanSupplier done) {
      while (!done.getAsBoolean() && results.hasNext()) {
        IngestedFrame next = results.next();
        if (next.isFrame()) {
          frameIds.add(next.frame().getFrameId());
        } else {
          deadLetters.add(next.deadLetter());
        }
      }
    }
  }
}
