package dev.handmade.pipeline.source.drivelog.reader;

import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Frame;
import dev.handmade.storage.ObjectNotFoundException;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreException;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the frames of one drive log after another, a batch per fetch.
 *
 * <p>Bad data and a failing store are told apart and treated differently. A file that is not Avro,
 * holds records that are not frames, or breaks off, becomes one dead letter at the place it went
 * wrong, and the reader goes on to the next file: the frames before that place are emitted, the
 * rest of a damaged file cannot be found again in a stream. A store that cannot be reached, or a
 * connection that breaks mid-file, fails the fetch, so that Flink restarts the reader from its
 * last checkpoint and the file is read again from where the checkpoint left it.
 *
 * <p>A failure counts as one position in the file, like a record: a restore that meets the same
 * failure again after the dead letter was checkpointed does not report it twice.
 */
public final class DriveLogSplitReader implements SplitReader<DriveLogRecord, DriveLogSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(DriveLogSplitReader.class);

  static final String STAGE = "decode";

  // a header holds the schema; Frame's is a few kilobytes
  private static final int MAX_HEADER_BYTES = 1 << 20;

  private final ObjectStore store;
  private final int batchSize;
  private final ArrayDeque<DriveLogSplit> splits = new ArrayDeque<>();
  private OpenLog current;

  /** @param store closed with this reader */
  public DriveLogSplitReader(ObjectStore store, int batchSize) {
    this.store = store;
    this.batchSize = batchSize;
  }

  @Override
  public RecordsWithSplitIds<DriveLogRecord> fetch() throws IOException {
    RecordsBySplits.Builder<DriveLogRecord> batch = new RecordsBySplits.Builder<>();
    if (current == null) {
      DriveLogSplit next = splits.poll();
      if (next == null) {
        return batch.build();
      }
      current = new OpenLog(next);
    }
    current.readInto(batch);
    if (current.done) {
      batch.addFinishedSplit(current.split.splitId());
      current.close();
      current = null;
    }
    return batch.build();
  }

  @Override
  public void handleSplitsChanges(SplitsChange<DriveLogSplit> change) {
    if (!(change instanceof SplitsAddition)) {
      throw new UnsupportedOperationException(
          "drive-log splits are only ever added, not " + change.getClass().getSimpleName());
    }
    splits.addAll(change.splits());
  }

  @Override
  public void wakeUp() {
    // fetch returns after one batch and never waits for data, so there is nothing to interrupt
  }

  @Override
  public void close() throws Exception {
    try {
      if (current != null) {
        current.close();
      }
    } finally {
      store.close();
    }
  }

  /** The origin a dead letter names: {@code drive-log s3://bucket/key}. */
  public static String origin(String bucket, String key) {
    return "drive-log s3://" + bucket + "/" + key;
  }

  private final class OpenLog {
    final DriveLogSplit split;
    RememberingInputStream in;
    DataFileStream<Frame> frames;
    byte[] sync;
    // the next position in the file: records read or skipped so far
    long position;
    boolean done;

    OpenLog(DriveLogSplit split) {
      this.split = split;
    }

    void readInto(RecordsBySplits.Builder<DriveLogRecord> batch) throws IOException {
      String key = split.key();
      try {
        if (frames == null) {
          in = new RememberingInputStream(store.openStream(key));
          BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
          buffered.mark(MAX_HEADER_BYTES);
          sync = readSyncMarker(buffered);
          buffered.reset();
          frames = new DataFileStream<>(buffered, new SpecificDatumReader<>(Frame.class));
        }
        for (int emitted = 0; emitted < batchSize; ) {
          if (!frames.hasNext()) {
            // Avro's stream reader takes a file cut off inside a block for its end; a complete
            // file ends with the sync marker
            if (!Arrays.equals(in.tail, sync)) {
              fail(
                  batch,
                  "the file breaks off after "
                      + position
                      + " records: it ends inside a block, not with a sync marker");
            }
            done = true;
            return;
          }
          Frame frame = frames.next();
          if (position >= split.offset()) {
            batch.add(key, new DriveLogRecord(IngestedFrame.of(frame), position + 1));
            emitted++;
          }
          position++;
        }
      } catch (ObjectNotFoundException e) {
        fail(batch, "the object was deleted before it was read to the end");
      } catch (ObjectStoreException e) {
        throw new IOException("could not open drive log " + origin(store.bucket(), key), e);
      } catch (IOException | RuntimeException e) {
        if (in != null && in.failure != null) {
          throw new IOException(
              "reading drive log " + origin(store.bucket(), key) + " broke off", in.failure);
        }
        fail(batch, describe(e));
      }
    }

    /**
     * The 16 bytes that end the header and every block, read from a marked stream without
     * consuming what DataFileStream will read again.
     */
    private byte[] readSyncMarker(InputStream header) throws IOException {
      BinaryDecoder decoder = DecoderFactory.get().directBinaryDecoder(header, null);
      byte[] magic = new byte[DataFileConstants.MAGIC.length];
      decoder.readFixed(magic);
      if (!Arrays.equals(magic, DataFileConstants.MAGIC)) {
        throw new IOException("Not an Avro data file.");
      }
      for (long entries = decoder.readMapStart(); entries != 0; entries = decoder.mapNext()) {
        for (long i = 0; i < entries; i++) {
          decoder.skipString();
          decoder.skipBytes();
        }
      }
      byte[] marker = new byte[DataFileConstants.SYNC_SIZE];
      decoder.readFixed(marker);
      return marker;
    }

    private String describe(Exception e) {
      String what =
          frames == null
              ? "not an Avro container file of Frame records"
              : "record " + position + " could not be read as a Frame";
      return what
          + " ("
          + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + ")";
    }

    private void fail(RecordsBySplits.Builder<DriveLogRecord> batch, String reason) {
      done = true;
      String origin = origin(store.bucket(), split.key());
      if (position + 1 == split.offset()) {
        LOG.debug("{} at position {} was reported before the restore", origin, position);
        return;
      }
      LOG.warn("Dead letter for {}: {}", origin, reason);
      DeadLetter letter =
          DeadLetter.newBuilder()
              .setOrigin(origin)
              .setStage(STAGE)
              .setReason(reason)
              // Avro keeps milliseconds; a finer instant would not survive a round trip
              .setRecordedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
              .build();
      batch.add(split.key(), new DriveLogRecord(IngestedFrame.dead(letter), position + 1));
    }

    void close() {
      try {
        if (frames != null) {
          frames.close();
        } else if (in != null) {
          in.close();
        }
      } catch (IOException e) {
        LOG.debug("Closing drive log {} failed", split.key(), e);
      }
    }
  }

  /**
   * Remembers an I/O failure of the object's own stream, so that a broken connection is not
   * mistaken for a damaged file when Avro reports it.
   */
  private static final class RememberingInputStream extends FilterInputStream {
    IOException failure;
    // the last bytes read, to tell a complete file from one cut off
    final byte[] tail = new byte[DataFileConstants.SYNC_SIZE];

    RememberingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = super.read(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      if (n > 0) {
        int keep = Math.min(n, tail.length);
        System.arraycopy(tail, keep, tail, 0, tail.length - keep);
        System.arraycopy(b, off + n - keep, tail, tail.length - keep, keep);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // read rather than skip, so that the tail stays right
      if (n <= 0) {
        return 0;
      }
      int read = read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
      return Math.max(read, 0);
    }

    @Override
    public int available() throws IOException {
      try {
        return super.available();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
