package dev.handmade.pipeline.source.drivelog.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DriveLogSourceEnumeratorITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final byte[] ANY = {1, 2, 3};

  private ObjectStore store;
  private MockSplitEnumeratorContext<DriveLogSplit> context;

  @BeforeEach
  void setUp() {
    store = S3.newStore();
    context = new MockSplitEnumeratorContext<>(2);
    context.registerReader(new ReaderInfo(0, "localhost"));
    context.registerReader(new ReaderInfo(1, "localhost"));
  }

  @AfterEach
  void tearDown() throws Exception {
    context.close();
  }

  @Test
  void assignsEachNewObjectOnceToTheReaderThatAsks() throws Throwable {
    store.putBytes("drive-logs/a.avro", ANY);
    store.putBytes("drive-logs/b.avro", ANY);
    store.putBytes("drive-logs/_staging/c.avro", ANY);
    store.putBytes("drive-logs/.d.avro", ANY);
    store.putBytes("drive-logs-old/e.avro", ANY);
    putDirectoryMarker("drive-logs/2026-11-29/");

    try (DriveLogSourceEnumerator enumerator = enumerator(DriveLogEnumeratorState.empty())) {
      enumerator.start();
      enumerator.handleSplitRequest(0, "localhost");
      assertThat(assigned()).isEmpty();

      context.runPeriodicCallable(0);
      enumerator.handleSplitRequest(1, "localhost");
      enumerator.handleSplitRequest(0, "localhost");

      assertThat(assigned()).containsExactly("0:drive-logs/a.avro", "1:drive-logs/b.avro");

      store.putBytes("drive-logs/2026-11-29/f.avro", ANY);
      context.runPeriodicCallable(0);
      context.runPeriodicCallable(0);

      assertThat(assigned())
          .containsExactly(
              "0:drive-logs/a.avro", "1:drive-logs/b.avro", "0:drive-logs/2026-11-29/f.avro");
      assertThat(enumerator.snapshotState(1).discoveredKeys())
          .containsExactly(
              "drive-logs/2026-11-29/f.avro", "drive-logs/a.avro", "drive-logs/b.avro");
      assertThat(enumerator.snapshotState(1).unassigned()).isEmpty();
    }
  }

  @Test
  void aRestoredEnumeratorAssignsNothingTwiceAndWhatWasHandedBack() throws Throwable {
    store.putBytes("drive-logs/a.avro", ANY);
    store.putBytes("drive-logs/b.avro", ANY);
    DriveLogEnumeratorState checkpoint;
    try (DriveLogSourceEnumerator enumerator = enumerator(DriveLogEnumeratorState.empty())) {
      enumerator.start();
      context.runPeriodicCallable(0);
      enumerator.handleSplitRequest(0, "localhost");
      // reader 1 got b, failed before the next checkpoint, and Flink hands b back
      enumerator.handleSplitRequest(1, "localhost");
      enumerator.addSplitsBack(List.of(DriveLogSplit.of("drive-logs/b.avro")), 1);
      checkpoint = enumerator.snapshotState(1);
    }
    assertThat(checkpoint.unassigned()).containsExactly(DriveLogSplit.of("drive-logs/b.avro"));

    MockSplitEnumeratorContext<DriveLogSplit> restoredContext = new MockSplitEnumeratorContext<>(2);
    restoredContext.registerReader(new ReaderInfo(0, "localhost"));
    restoredContext.registerReader(new ReaderInfo(1, "localhost"));
    context.close();
    context = restoredContext;
    store.putBytes("drive-logs/c.avro", ANY);
    try (DriveLogSourceEnumerator enumerator = enumerator(checkpoint)) {
      enumerator.start();
      context.runPeriodicCallable(0);
      enumerator.handleSplitRequest(1, "localhost");
      enumerator.handleSplitRequest(0, "localhost");
      enumerator.handleSplitRequest(1, "localhost");

      assertThat(assigned()).containsExactly("1:drive-logs/b.avro", "0:drive-logs/c.avro");
    }
  }

  @Test
  void aFailedListingIsTriedAgainLater() throws Throwable {
    ObjectStore missingBucket = S3.newStore();
    try (DriveLogSourceEnumerator enumerator =
        new DriveLogSourceEnumerator(
            context,
            missingBucket.config().withBucket("no-such-bucket"),
            "drive-logs/",
            Duration.ofSeconds(1),
            DriveLogEnumeratorState.empty())) {
      enumerator.start();
      enumerator.handleSplitRequest(0, "localhost");

      context.runPeriodicCallable(0);

      assertThat(assigned()).isEmpty();
    }
  }

  private DriveLogSourceEnumerator enumerator(DriveLogEnumeratorState state) {
    return new DriveLogSourceEnumerator(
        context, store.config(), "drive-logs/", Duration.ofSeconds(1), state);
  }

  /** "subtask:key" for every assignment, in order. */
  private List<String> assigned() {
    List<String> all = new ArrayList<>();
    for (SplitsAssignment<DriveLogSplit> assignment : context.getSplitsAssignmentSequence()) {
      assignment
          .assignment()
          .forEach(
              (reader, splits) -> splits.forEach(split -> all.add(reader + ":" + split.key())));
    }
    return all;
  }

  /** What S3 consoles and S3Proxy create for a folder; ObjectStore refuses such keys. */
  private void putDirectoryMarker(String key) throws Exception {
    MinioClient client =
        MinioClient.builder()
            .endpoint(store.config().endpoint())
            .credentials(store.config().accessKey(), store.config().secretKey())
            .build();
    client.putObject(
        PutObjectArgs.builder().bucket(store.bucket()).object(key).stream(
                new ByteArrayInputStream(new byte[0]), 0, -1)
            .build());
    client.close();
  }
}
