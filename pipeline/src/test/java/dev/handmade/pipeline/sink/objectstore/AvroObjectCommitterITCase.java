package dev.handmade.pipeline.sink.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.pipeline.sink.objectstore.AvroObjectCommitter.Outcome;
import dev.handmade.pipeline.sink.objectstore.RecordingCommitRequest.Signal;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.S3ProxyExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Commits must be safe to replay: Flink replays every committable it is not sure about. */
class AvroObjectCommitterITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final byte[] FILE = "pretend this is Avro".getBytes(StandardCharsets.UTF_8);
  private static final AvroObjectCommittable COMMITTABLE =
      new AvroObjectCommittable(
          "audit/_pending/j/00000-0000000001-0000.avro",
          "audit/dt=2026-11-29/hour=08/part-00000-0000000001-0000-j.avro",
          3,
          FILE.length);

  @Test
  void movesThePendingObjectToItsFinalKey() {
    ObjectStore store = S3.newStore();
    store.putBytes(COMMITTABLE.pendingKey(), FILE);

    try (AvroObjectCommitter committer = new AvroObjectCommitter(store.config())) {
      assertThat(committer.commit(COMMITTABLE)).isEqualTo(Outcome.COMMITTED);
    }

    assertThat(store.getBytes(COMMITTABLE.finalKey())).isEqualTo(FILE);
    assertThat(store.exists(COMMITTABLE.pendingKey())).isFalse();
  }

  @Test
  void committingTwiceIsCommittingOnce() throws Exception {
    ObjectStore store = S3.newStore();
    store.putBytes(COMMITTABLE.pendingKey(), FILE);
    RecordingCommitRequest<AvroObjectCommittable> first = new RecordingCommitRequest<>(COMMITTABLE);
    RecordingCommitRequest<AvroObjectCommittable> replay =
        new RecordingCommitRequest<>(COMMITTABLE);

    try (AvroObjectCommitter committer = new AvroObjectCommitter(store.config())) {
      committer.commit(List.of(first));
      committer.commit(List.of(replay));
    }

    assertThat(first.signal).isEqualTo(Signal.NONE);
    assertThat(replay.signal).isEqualTo(Signal.ALREADY_COMMITTED);
    assertThat(store.list("audit/")).containsExactly(COMMITTABLE.finalKey());
    assertThat(store.getBytes(COMMITTABLE.finalKey())).isEqualTo(FILE);
  }

  @Test
  void aCommitCutShortAfterTheCopyIsFinishedByTheReplay() {
    ObjectStore store = S3.newStore();
    store.putBytes(COMMITTABLE.pendingKey(), FILE);
    // the failed attempt copied but did not get to delete the pending object
    store.putBytes(COMMITTABLE.finalKey(), FILE);

    try (AvroObjectCommitter committer = new AvroObjectCommitter(store.config())) {
      assertThat(committer.commit(COMMITTABLE)).isEqualTo(Outcome.COMMITTED);
    }

    assertThat(store.list("audit/")).containsExactly(COMMITTABLE.finalKey());
  }

  @Test
  void aFinalObjectThatIsNotTheFileAndNoPendingOneIsReportedLost() throws Exception {
    ObjectStore store = S3.newStore();
    store.putBytes(
        COMMITTABLE.finalKey(), "something else entirely".getBytes(StandardCharsets.UTF_8));
    RecordingCommitRequest<AvroObjectCommittable> request =
        new RecordingCommitRequest<>(COMMITTABLE);

    try (AvroObjectCommitter committer = new AvroObjectCommitter(store.config())) {
      committer.commit(List.of(request));
    }

    assertThat(request.signal).isEqualTo(Signal.FAILED_KNOWN);
    assertThat(request.failure).hasMessageContaining("3 records are lost");
  }

  @Test
  void anUnreachableStoreMeansTryAgainLater() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ObjectStoreConfig unreachable =
        new ObjectStoreConfig(
            "http://127.0.0.1:" + closedPort,
            "k",
            "secret",
            "some-bucket",
            "us-east-1",
            Duration.ofMillis(500),
            Duration.ofMillis(500));
    RecordingCommitRequest<AvroObjectCommittable> request =
        new RecordingCommitRequest<>(COMMITTABLE);

    try (AvroObjectCommitter committer = new AvroObjectCommitter(unreachable)) {
      committer.commit(List.of(request));
    }

    assertThat(request.signal).isEqualTo(Signal.RETRY_LATER);
  }
}
