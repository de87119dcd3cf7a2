package dev.handmade.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.SampleLogs;
import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.chain.HashChain;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReportBuilder;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.audit.report.ReportAggregate;
import dev.handmade.schema.AuditEvent;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log read from a checkpoint: only the files committed since are read, the report
 * equals the one computed from the whole log, and a file read before that was altered or removed,
 * or a new file that does not continue the chain from the checkpoint's head, is named.
 */
class AuditLogUpdateITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path dir;

  private ObjectStore store;
  private List<AuditEvent> events;
  private List<String> keys;
  private AuditCheckpoint checkpoint;

  @BeforeEach
  void readThreeFiles() {
    store = S3.newStore();
    events = SampleLogs.machineDecisions(50);
    // 3 files of 10 events, checkpointed; the last 20 events come later
    keys = SampleLogs.writeChained(store, events.subList(0, 30), 10);
    Path state = dir.resolve("state.json");
    AuditLogUpdate first =
        AuditLogUpdate.read(
            store, AuditCheckpoint.loadOrEmpty(state, AuditLog.location(store, AuditLog.PREFIX)));
    assertThat(first.intact()).isTrue();
    assertThat(first.newFiles()).isEqualTo(3);
    first.checkpoint().save(state);
    checkpoint = AuditCheckpoint.loadOrEmpty(state, AuditLog.location(store, AuditLog.PREFIX));
  }

  @Test
  void readsOnlyTheNewFilesAndReportsAsTheWholeLogDoes() {
    SampleLogs.appendChained(store, events.subList(30, 50), 10);
    AuditReport atCheckpoint = report(checkpoint.aggregate(), checkpoint.log());

    AuditLogUpdate update = AuditLogUpdate.read(store, checkpoint);

    assertThat(update.verification().problems()).isEmpty();
    assertThat(update.newFiles()).isEqualTo(2);
    assertThat(update.newRecords()).isEqualTo(20);
    AuditLogContents whole = AuditLog.read(store);
    assertThat(update.verification()).isEqualTo(whole.verification());
    assertThat(update.checkpoint().head()).isEqualTo(HashChain.head(store, AuditLog.PREFIX));
    assertThat(report(update))
        .isEqualTo(
            new AuditReportBuilder(Pseudonyms.withKey("k"))
                .build(whole, List.of(), LabourInput.none(), NOW));
    assertThat(report(checkpoint.aggregate(), checkpoint.log()))
        .as("the checkpoint read from is left as it was")
        .isEqualTo(atCheckpoint);
    assertThat(atCheckpoint.sources().events()).isEqualTo(30);
    assertThat(AuditLogUpdate.read(store, update.checkpoint()).newFiles()).isZero();
  }

  @Test
  void namesAFileReadBeforeThatWasTruncated() {
    byte[] bytes = store.getBytes(keys.get(1));
    store.putBytes(keys.get(1), Arrays.copyOf(bytes, bytes.length - 40));

    assertThat(AuditLogUpdate.read(store, checkpoint).verification().problems())
        .singleElement()
        .asString()
        .startsWith(
            keys.get(1) + " (chain position 1) was altered since the checkpoint" + " read it");
  }

  @Test
  void namesAFileReadBeforeThatWasReplacedByAnother() {
    store.putBytes(keys.get(0), store.getBytes(keys.get(2)));

    assertThat(AuditLogUpdate.read(store, checkpoint).verification().problems())
        .singleElement()
        .asString()
        .startsWith(keys.get(0) + " (chain position 0) was altered");
  }

  @Test
  void namesAFileReadBeforeThatWasRemoved() {
    store.delete(keys.get(2));

    assertThat(AuditLogUpdate.read(store, checkpoint).verification().problems())
        .containsExactly(keys.get(2) + " (chain position 2, read at the checkpoint) was removed");
  }

  @Test
  void namesANewFileThatDoesNotContinueFromTheCheckpointedHead() {
    HashChain.Link head = checkpoint.head();
    HashChain.Link forged = new HashChain.Link(head.nextPosition(), head.lastKey(), "f".repeat(64));
    String key = "audit/dt=2026-11-29/hour=08/part-00000-0000000004-0000-forged.avro";
    List<AuditEvent> slice =
        events.subList(30, 40).stream().map(e -> AuditEvent.newBuilder(e).build()).toList();
    store.putBytes(
        key,
        HashChain.seal(
                slice, AuditEvent.getClassSchema(), key, forged, CodecFactory.deflateCodec(6))
            .bytes());

    AuditLogUpdate update = AuditLogUpdate.read(store, checkpoint);

    assertThat(update.intact()).isFalse();
    assertThat(update.verification().problems())
        .singleElement()
        .asString()
        .startsWith(
            key
                + " does not follow "
                + keys.get(2)
                + ": its header links to hash "
                + "f".repeat(64));
  }

  @Test
  void namesANewFileThatForksTheChainBehindTheCheckpoint() {
    // a writer restored from an older checkpoint writes position 2 again
    HashChain.Link afterSecond = HashChain.Link.start();
    for (String key : keys.subList(0, 2)) {
      afterSecond =
          new HashChain.Link(
              afterSecond.nextPosition() + 1,
              key,
              AuditLog.read(store)
                  .events()
                  .get((int) afterSecond.nextPosition() * 10 + 9)
                  .getChainHash());
    }
    String key = "audit/dt=2026-11-29/hour=08/part-00000-0000000003-0000-restored.avro";
    List<AuditEvent> slice =
        events.subList(40, 45).stream().map(e -> AuditEvent.newBuilder(e).build()).toList();
    store.putBytes(
        key,
        HashChain.seal(
                slice, AuditEvent.getClassSchema(), key, afterSecond, CodecFactory.deflateCodec(6))
            .bytes());

    assertThat(AuditLogUpdate.read(store, checkpoint).verification().problems())
        .singleElement()
        .asString()
        .isEqualTo(
            "chain position 2 is held by both "
                + keys.get(2)
                + " and "
                + key
                + ": a file was copied, or the log was forked by a job restored from an older"
                + " checkpoint");
  }

  private static AuditReport report(AuditLogUpdate update) {
    return new AuditReportBuilder(Pseudonyms.withKey("k"))
        .build(
            update.aggregate(),
            update.checkpoint().log(),
            update.verification(),
            List.of(),
            LabourInput.none(),
            NOW);
  }

  private static AuditReport report(ReportAggregate aggregate, String log) {
    return new AuditReportBuilder(Pseudonyms.withKey("k"))
        .build(
            aggregate,
            log,
            new ChainVerification(0, 0, HashChain.GENESIS, List.of()),
            List.of(),
            LabourInput.none(),
            NOW);
  }
}
