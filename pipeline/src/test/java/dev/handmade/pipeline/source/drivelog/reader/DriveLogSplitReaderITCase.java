package dev.handmade.pipeline.source.drivelog.reader;

import static dev.handmade.pipeline.source.drivelog.DriveLogFiles.avro;
import static dev.handmade.pipeline.source.drivelog.DriveLogFiles.frames;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import dev.handmade.schema.DeadLetter;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DriveLogSplitReaderITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final String KEY = "drive-logs/car-1.avro";

  private ObjectStore store;

  @BeforeEach
  void setUp() {
    store = S3.newStore();
  }

  @Test
  void readsAFileInBatchesCountingOffsets() throws Exception {
    store.putBytes(KEY, avro(frames("f", 25)));

    Fetched fetched = readToTheEnd(DriveLogSplit.of(KEY), 10);

    assertThat(fetched.batchSizes).containsExactly(10, 10, 5);
    assertThat(fetched.frameIds()).hasSize(25).startsWith("f-0", "f-1").endsWith("f-24");
    assertThat(fetched.offsets()).startsWith(1L, 2L).endsWith(25L);
  }

  @Test
  void resumesAfterTheRecordsTheSplitSaysWereEmitted() throws Exception {
    store.putBytes(KEY, avro(frames("f", 25), 4));

    Fetched fetched = readToTheEnd(new DriveLogSplit(KEY, 7), 100);

    assertThat(fetched.frameIds()).hasSize(18).startsWith("f-7").endsWith("f-24");
    assertThat(fetched.offsets()).startsWith(8L).endsWith(25L);
  }

  @Test
  void aFileThatIsNotAvroBecomesOneDeadLetter() throws Exception {
    store.putBytes(KEY, "speed,lat,lon\n12,48.1,11.5\n".getBytes(StandardCharsets.UTF_8));

    Fetched fetched = readToTheEnd(DriveLogSplit.of(KEY), 10);

    assertThat(fetched.records)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.nextOffset()).isEqualTo(1);
              DeadLetter letter = record.value().deadLetter();
              assertThat(letter.getOrigin())
                  .isEqualTo("drive-log s3://" + store.bucket() + "/" + KEY);
              assertThat(letter.getStage()).isEqualTo("decode");
              assertThat(letter.getReason()).contains("not an Avro container file");
              assertThat(letter.getFrameId()).isNull();
              assertThat(letter.getPayload()).isNull();
            });
  }

  @Test
  void aDeadLetterThatWasCheckpointedIsNotReportedAgain() throws Exception {
    store.putBytes(KEY, "not avro".getBytes(StandardCharsets.UTF_8));

    assertThat(readToTheEnd(new DriveLogSplit(KEY, 1), 10).records).isEmpty();
  }

  @Test
  void aFileThatBreaksOffYieldsItsGoodFramesThenADeadLetter() throws Exception {
    byte[] whole = avro(frames("f", 30), 10);
    int block = whole.length - avro(frames("f", 20), 10).length;
    // cut in the middle of the third block
    byte[] cut = Arrays.copyOf(whole, whole.length - block / 2);
    store.putBytes(KEY, cut);

    Fetched fresh = readToTheEnd(DriveLogSplit.of(KEY), 100);
    Fetched afterTheLetter = readToTheEnd(new DriveLogSplit(KEY, 21), 100);
    Fetched beforeTheLetter = readToTheEnd(new DriveLogSplit(KEY, 20), 100);

    assertThat(fresh.frameIds()).hasSize(20).endsWith("f-19");
    assertThat(fresh.deadLetters())
        .singleElement()
        .satisfies(
            letter -> assertThat(letter.getReason()).contains("breaks off after 20 records"));
    assertThat(fresh.offsets()).endsWith(21L);
    assertThat(afterTheLetter.records).isEmpty();
    assertThat(beforeTheLetter.frameIds()).isEmpty();
    assertThat(beforeTheLetter.deadLetters()).hasSize(1);
  }

  @Test
  void aDamagedBlockEndsTheFileWithADeadLetterAfterTheFramesBeforeIt() throws Exception {
    byte[] file = avro(frames("f", 30), 10);
    byte[] sync = Arrays.copyOfRange(file, file.length - 16, file.length);
    List<Integer> syncs = new ArrayList<>();
    for (int i = 0; i + 16 <= file.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(file, i, i + 16), sync)) {
        syncs.add(i);
      }
    }
    // header, block 1, block 2, block 3: damage the marker that ends block 2
    assertThat(syncs).hasSize(4);
    file[syncs.get(2)] ^= 0x5a;
    store.putBytes(KEY, file);

    Fetched fetched = readToTheEnd(DriveLogSplit.of(KEY), 100);

    assertThat(fetched.frameIds()).hasSize(10).endsWith("f-9");
    assertThat(fetched.deadLetters())
        .singleElement()
        .satisfies(letter -> assertThat(letter.getReason()).contains("record 10"));
  }

  @Test
  void recordsThatAreNotFramesBecomeADeadLetter() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (DataFileWriter<DeadLetter> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(DeadLetter.class))) {
      writer.create(DeadLetter.getClassSchema(), out);
      writer.append(
          DeadLetter.newBuilder()
              .setOrigin("o")
              .setStage("s")
              .setReason("r")
              .setRecordedAt(Instant.EPOCH)
              .build());
    }
    store.putBytes(KEY, out.toByteArray());

    Fetched fetched = readToTheEnd(DriveLogSplit.of(KEY), 10);

    assertThat(fetched.frameIds()).isEmpty();
    assertThat(fetched.deadLetters()).hasSize(1);
  }

  @Test
  void anObjectDeletedBeforeItIsReadBecomesADeadLetter() throws Exception {
    Fetched fetched = readToTheEnd(DriveLogSplit.of("drive-logs/gone.avro"), 10);

    assertThat(fetched.deadLetters())
        .singleElement()
        .satisfies(letter -> assertThat(letter.getReason()).contains("deleted"));
  }

  @Test
  void readsSplitsOneAfterTheOther() throws Exception {
    store.putBytes("drive-logs/a.avro", avro(frames("a", 3)));
    store.putBytes("drive-logs/b.avro", avro(frames("b", 2)));
    List<String> finished = new ArrayList<>();
    List<String> ids = new ArrayList<>();

    try (DriveLogSplitReader reader =
        new DriveLogSplitReader(ObjectStore.create(store.config()), 10)) {
      reader.handleSplitsChanges(
          new SplitsAddition<>(
              List.of(
                  DriveLogSplit.of("drive-logs/a.avro"), DriveLogSplit.of("drive-logs/b.avro"))));
      for (int i = 0; i < 3; i++) {
        RecordsWithSplitIds<DriveLogRecord> batch = reader.fetch();
        while (batch.nextSplit() != null) {
          DriveLogRecord record;
          while ((record = batch.nextRecordFromSplit()) != null) {
            ids.add(record.value().frame().getFrameId());
          }
        }
        finished.addAll(batch.finishedSplits());
      }
    }

    assertThat(ids).containsExactly("a-0", "a-1", "a-2", "b-0", "b-1");
    assertThat(finished).containsExactly("drive-logs/a.avro", "drive-logs/b.avro");
  }

  private Fetched readToTheEnd(DriveLogSplit split, int batchSize) throws Exception {
    Fetched fetched = new Fetched();
    try (DriveLogSplitReader reader =
        new DriveLogSplitReader(ObjectStore.create(store.config()), batchSize)) {
      reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
      for (int fetches = 0; fetches < 1_000; fetches++) {
        RecordsWithSplitIds<DriveLogRecord> batch = reader.fetch();
        int size = 0;
        while (batch.nextSplit() != null) {
          DriveLogRecord record;
          while ((record = batch.nextRecordFromSplit()) != null) {
            fetched.records.add(record);
            size++;
          }
        }
        if (size > 0) {
          fetched.batchSizes.add(size);
        }
        if (batch.finishedSplits().contains(split.splitId())) {
          return fetched;
        }
      }
    }
    throw new AssertionError("the split never finished");
  }

  private static final class Fetched {
    final List<DriveLogRecord> records = new ArrayList<>();
    final List<Integer> batchSizes = new ArrayList<>();

    List<String> frameIds() {
      return records.stream()
          .map(DriveLogRecord::value)
          .filter(IngestedFrame::isFrame)
          .map(v -> v.frame().getFrameId())
          .toList();
    }

    List<DeadLetter> deadLetters() {
      return records.stream()
          .map(DriveLogRecord::value)
          .filter(v -> !v.isFrame())
          .map(IngestedFrame::deadLetter)
          .toList();
    }

    List<Long> offsets() {
      return records.stream().map(DriveLogRecord::nextOffset).toList();
    }
  }
}
