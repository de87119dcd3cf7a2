package dev.handmade.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.SampleLogs;
import dev.handmade.audit.log.AuditLog;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code verify} on an intact log and on logs tampered with the way someone who can write to the
 * bucket would: each time it names the place. The tampering rewrites files as valid Avro with
 * their headers kept, as a careful forger would, not as garbage.
 */
class ChainVerifierITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private ObjectStore store;
  private List<String> keys;

  @BeforeEach
  void writeLog() {
    store = S3.newStore();
    // 5 files of 10 events: frame-0 .. frame-49
    keys = SampleLogs.writeChained(store, SampleLogs.machineDecisions(50), 10);
  }

  @Test
  void anIntactLogVerifiesAndReadsInChainOrder() {
    AuditLogContents log = AuditLog.read(store);
    assertThat(log.verification().problems()).isEmpty();
    assertThat(log.verification().intact()).isTrue();
    assertThat(log.verification().files()).isEqualTo(5);
    assertThat(log.verification().records()).isEqualTo(50);
    assertThat(log.events())
        .extracting(e -> e.getDecision().getFrameId())
        .startsWith("frame-0", "frame-1")
        .endsWith("frame-49");
    assertThat(log.verification().head()).isEqualTo(log.events().get(49).getChainHash());
    assertThat(HashChain.head(store, AuditLog.PREFIX))
        .isEqualTo(new HashChain.Link(5, keys.get(4), log.verification().head()));
  }

  @Test
  void namesADeletedRecord() throws IOException {
    rewrite(
        keys.get(2),
        records -> {
          records.remove(3); // frame-23
          return records;
        });
    List<String> problems = AuditLog.read(store).verification().problems();
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .contains("1 record(s) were removed from " + keys.get(2))
        .contains("after event decision:frame-22")
        .contains("before event decision:frame-24");
  }

  @Test
  void namesARecordWithAnAlteredField() throws IOException {
    rewrite(
        keys.get(1),
        records -> {
          GenericRecord decision = (GenericRecord) records.get(4).get("decision"); // frame-14
          decision.put(
              "madeBy",
              new GenericData.EnumSymbol(
                  decision.getSchema().getField("madeBy").schema(), "HUMAN"));
          return records;
        });
    List<String> problems = AuditLog.read(store).verification().problems();
    assertThat(problems)
        .containsExactly(
            "record 4 of "
                + keys.get(1)
                + " (event decision:frame-14) was altered or moved: it no longer matches its chain hash");
  }

  @Test
  void namesARemovedFile() {
    store.delete(keys.get(3));
    List<String> problems = AuditLog.read(store).verification().problems();
    assertThat(problems)
        .containsExactly(
            "the file at chain position 3, written as "
                + keys.get(3)
                + ", was removed ("
                + keys.get(4)
                + " names it as the file before it)");
  }

  @Test
  void namesTwoSwappedFiles() {
    byte[] first = store.getBytes(keys.get(1));
    byte[] second = store.getBytes(keys.get(2));
    store.putBytes(keys.get(1), second);
    store.putBytes(keys.get(2), first);
    List<String> problems = AuditLog.read(store).verification().problems();
    assertThat(problems)
        .containsExactly(
            keys.get(2)
                + " holds the file written as "
                + keys.get(1)
                + " (chain position 1): files were swapped or renamed",
            keys.get(1)
                + " holds the file written as "
                + keys.get(2)
                + " (chain position 2): files were swapped or renamed");
  }

  @Test
  void namesReorderedRecords() throws IOException {
    rewrite(
        keys.get(0),
        records -> {
          GenericRecord moved = records.remove(7);
          records.add(2, moved);
          return records;
        });
    assertThat(AuditLog.read(store).verification().problems())
        .containsExactly(
            "record 2 of "
                + keys.get(0)
                + " (event decision:frame-7) was altered or moved: it no"
                + " longer matches its chain hash");
  }

  @Test
  void namesTheLastRecordsOfAFileRemoved() throws IOException {
    rewrite(keys.get(4), records -> new ArrayList<>(records.subList(0, 8)));
    assertThat(AuditLog.read(store).verification().problems())
        .containsExactly(
            "the last 2 record(s) of "
                + keys.get(4)
                + " were removed, after event decision:frame-47");
  }

  @Test
  void namesAFileOutsideTheChain() {
    String stray = "audit/dt=2026-11-29/hour=09/part-stray.avro";
    store.putBytes(stray, "not avro at all".getBytes());
    assertThat(AuditLog.read(store).verification().problems())
        .singleElement()
        .asString()
        .startsWith(stray + " cannot be read as Avro");
  }

  /** Rewrites a file's records, keeping its schema, codec and chain header. */
  private void rewrite(String key, UnaryOperator<List<GenericRecord>> change) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileStream<GenericRecord> in =
        new DataFileStream<>(
            new ByteArrayInputStream(store.getBytes(key)), new GenericDatumReader<>())) {
      in.forEach(records::add);
      try (DataFileWriter<GenericRecord> writer =
          new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(in.getSchema()))) {
        writer.setCodec(CodecFactory.deflateCodec(6));
        for (String meta : in.getMetaKeys()) {
          if (meta.startsWith("handmade.")) {
            writer.setMeta(meta, in.getMeta(meta));
          }
        }
        writer.create(in.getSchema(), out);
        for (GenericRecord record : change.apply(records)) {
          writer.append(record);
        }
      }
    }
    store.putBytes(key, out.toByteArray());
  }
}
