package dev.handmade.pipeline.sink.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.schema.DeadLetter;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.avro.AvroObjectReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The writer and committer of {@link AvroObjectSink} against an S3 server, without Flink. */
class AvroObjectSinkITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final Instant DAY_1 = Instant.parse("2026-11-29T08:00:00Z");
  private static final Instant DAY_2 = Instant.parse("2026-11-30T08:00:00Z");

  @Test
  void buildNamesEverythingMissing() {
    assertThatThrownBy(() -> AvroObjectSink.builder(DeadLetter.class).maxRecordsPerFile(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storeConfig is missing")
        .hasMessageContaining("prefix is missing")
        .hasMessageContaining("partitioner is missing")
        .hasMessageContaining("maxRecordsPerFile must be at least 1");
  }

  @Test
  void buildRefusesAHiddenPrefixAndAnUnknownCodec() {
    ObjectStoreConfig config = S3.newStore().config();

    assertThatThrownBy(() -> sink(config).prefix("_audit").codec("lz9").build())
        .hasMessageContaining("prefix '_audit'")
        .hasMessageContaining("codec 'lz9'");
  }

  @Test
  void nothingIsVisibleBeforeTheCommitAndEverythingAfter() throws Exception {
    ObjectStore store = S3.newStore();
    AvroObjectSink<DeadLetter, Void> sink = sink(store.config()).build();
    AvroObjectReader<DeadLetter> reader = AvroObjectReader.of(store, DeadLetter.class);
    JobID job = new JobID();

    Collection<AvroObjectCommittable> committables;
    try (AvroObjectWriter<DeadLetter, Void> writer =
        writer(sink, job, 0, 1, OptionalLong.empty())) {
      for (int i = 0; i < 5; i++) {
        writer.write(letter("a" + i, i % 2 == 0 ? DAY_1 : DAY_2), null);
      }
      writer.flush(false);
      committables = writer.prepareCommit();
      writer.snapshotState(1);
    }

    assertThat(committables).hasSize(2);
    assertThat(committables)
        .extracting(AvroObjectCommittable::finalKey)
        .containsExactly(
            "dead/dt=2026-11-29/part-00000-0000000001-0000-" + job.toHexString() + ".avro",
            "dead/dt=2026-11-30/part-00000-0000000001-0001-" + job.toHexString() + ".avro");
    assertThat(committables).extracting(AvroObjectCommittable::records).containsExactly(3L, 2L);
    assertThat(reader.committedKeys("dead/")).isEmpty();
    assertThat(store.list("dead/_pending/")).hasSize(2);

    commitAll(store.config(), committables);

    assertThat(reader.readAll("dead"))
        .extracting(DeadLetter::getReason)
        .containsExactly("a0", "a2", "a4", "a1", "a3");
    assertThat(store.list("dead/_pending/")).isEmpty();
    assertThat(reader.readAll("dead/dt=2026-11-30/").get(0).getRecordedAt()).isEqualTo(DAY_2);
  }

  @Test
  void aFullFileIsUploadedAtOnceAndCommittedWithTheRest() throws Exception {
    ObjectStore store = S3.newStore();
    AvroObjectSink<DeadLetter, Void> sink = sink(store.config()).maxRecordsPerFile(2).build();

    Collection<AvroObjectCommittable> committables;
    try (AvroObjectWriter<DeadLetter, Void> writer =
        writer(sink, new JobID(), 0, 1, OptionalLong.empty())) {
      for (int i = 0; i < 5; i++) {
        writer.write(letter("r" + i, DAY_1), null);
      }
      assertThat(store.list("dead/_pending/")).hasSize(2);
      committables = writer.prepareCommit();
    }

    assertThat(committables).extracting(AvroObjectCommittable::records).containsExactly(2L, 2L, 1L);
    commitAll(store.config(), committables);
    assertThat(AvroObjectReader.of(store, DeadLetter.class).readAll("dead"))
        .extracting(DeadLetter::getReason)
        .containsExactly("r0", "r1", "r2", "r3", "r4");
  }

  @Test
  void aRestoredWriterDeletesPendingFilesOfCheckpointsThatNeverCompleted() throws Exception {
    ObjectStore store = S3.newStore();
    AvroObjectSink<DeadLetter, Void> sink = sink(store.config()).build();
    JobID job = new JobID();
    List<String> awaitingCommit = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      try (AvroObjectWriter<DeadLetter, Void> writer =
          writer(sink, job, subtask, 2, OptionalLong.empty())) {
        writer.write(letter("checkpoint 1", DAY_1), null);
        writer.prepareCommit().forEach(c -> awaitingCommit.add(c.pendingKey()));
        writer.snapshotState(1);
        // checkpoint 2 is taken but never completes
        writer.write(letter("checkpoint 2", DAY_1), null);
        writer.prepareCommit();
        writer.snapshotState(2);
      }
    }
    assertThat(store.list("dead/_pending/")).hasSize(4);

    // restored from checkpoint 1 at the same parallelism: subtask 0 cleans only its own files
    writer(sink, job, 0, 2, OptionalLong.of(1)).close();
    assertThat(store.list("dead/_pending/")).hasSize(3);

    // scaled down to one subtask, which also cleans up after the subtask that is gone
    writer(sink, job, 0, 1, OptionalLong.of(1)).close();
    assertThat(store.list("dead/_pending/")).containsExactlyInAnyOrderElementsOf(awaitingCommit);
  }

  @Test
  void aRestoredWriterNamesItsFilesAboveTheRestoredCheckpoint() throws Exception {
    ObjectStore store = S3.newStore();
    AvroObjectSink<DeadLetter, Void> sink = sink(store.config()).build();
    JobID job = new JobID();

    try (AvroObjectWriter<DeadLetter, Void> writer = writer(sink, job, 0, 1, OptionalLong.of(7))) {
      writer.write(letter("x", DAY_1), null);
      assertThat(writer.prepareCommit())
          .singleElement()
          .extracting(AvroObjectCommittable::finalKey)
          .asString()
          .contains("part-00000-0000000008-0000-");
      writer.snapshotState(9);
      writer.write(letter("y", DAY_1), null);
      assertThat(writer.prepareCommit())
          .singleElement()
          .extracting(AvroObjectCommittable::finalKey)
          .asString()
          .contains("part-00000-0000000010-0000-");
    }
  }

  @Test
  void aPartitionerThatReturnsABadPartitionFailsTheWrite() throws Exception {
    ObjectStore store = S3.newStore();
    AvroObjectSink<DeadLetter, Void> sink = sink(store.config()).partitioner(l -> "_oops").build();

    try (AvroObjectWriter<DeadLetter, Void> writer =
        writer(sink, new JobID(), 0, 1, OptionalLong.empty())) {
      assertThatThrownBy(() -> writer.write(letter("x", DAY_1), null))
          .hasMessageContaining("'_oops'");
    }
  }

  static AvroObjectSink.Builder<DeadLetter, Void> sink(ObjectStoreConfig config) {
    return AvroObjectSink.builder(DeadLetter.class)
        .storeConfig(config)
        .prefix("dead/")
        .partitioner(l -> TimePartitions.day(l.getRecordedAt()));
  }

  static AvroObjectWriter<DeadLetter, Void> writer(
      AvroObjectSink<DeadLetter, Void> sink,
      JobID job,
      int subtask,
      int parallelism,
      OptionalLong restored)
      throws Exception {
    return sink.createWriter(new TestWriterContext(job, subtask, parallelism, restored));
  }

  static DeadLetter letter(String reason, Instant at) {
    return DeadLetter.newBuilder()
        .setOrigin("test")
        .setStage("decode")
        .setReason(reason)
        .setRecordedAt(at)
        .build();
  }

  private static void commitAll(ObjectStoreConfig config, Collection<AvroObjectCommittable> all)
      throws Exception {
    try (AvroObjectCommitter committer = new AvroObjectCommitter(config)) {
      for (AvroObjectCommittable c : all) {
        assertThat(committer.commit(c)).isEqualTo(AvroObjectCommitter.Outcome.COMMITTED);
      }
    }
  }
}
