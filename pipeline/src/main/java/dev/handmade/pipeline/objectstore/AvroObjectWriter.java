package dev.handmade.pipeline.objectstore;

import dev.handmade.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of {@link AvroObjectSink}: an open Avro file per partition, buffered in memory,
 * uploaded as a pending object when it is full or a checkpoint comes.
 */
public final class AvroObjectWriter<T extends SpecificRecord>
    implements CommittingSinkWriter<T, AvroObjectCommittable>, StatefulSinkWriter<T, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(AvroObjectWriter.class);

  private final ObjectStore store;
  private final String prefix;
  private final String jobId;
  private final int subtask;
  private final Class<T> recordClass;
  private final Schema schema;
  private final RecordPartitioner<T> partitioner;
  private final long maxRecords;
  private final long maxBytes;
  private final CodecFactory codec;

  // sorted, so that the files of one checkpoint are numbered in partition order
  private final Map<String, OpenFile<T>> open = new TreeMap<>();
  private final List<AvroObjectCommittable> uploaded = new ArrayList<>();

  // The last checkpoint this writer took part in, plus one, as for Kafka's transactional ids.
  // It is at most the id of the checkpoint that commits the files, so after a restart from
  // checkpoint C (sequence C + 1) no committed name comes round again; and every file that a
  // failed attempt uploaded after C has a sequence above C, which is how deleteAbandoned finds
  // them.
  private long sequence;
  private int filesInSequence;

  AvroObjectWriter(AvroObjectSink<T> sink, WriterInitContext context) throws IOException {
    this.prefix = sink.prefix();
    this.jobId = context.getJobInfo().getJobId().toHexString();
    this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
    this.recordClass = sink.recordClass();
    this.schema = sink.schema();
    this.partitioner = sink.partitioner();
    this.maxRecords = sink.maxRecordsPerFile();
    this.maxBytes = sink.maxBytesPerFile();
    this.codec = CodecFactory.fromString(sink.codec());
    this.sequence = context.getRestoredCheckpointId().orElse(0L) + 1;
    this.store = ObjectStore.create(sink.storeConfig());
    if (context.getRestoredCheckpointId().isPresent()) {
      deleteAbandoned(
          context.getRestoredCheckpointId().getAsLong(),
          context.getTaskInfo().getNumberOfParallelSubtasks());
    }
  }

  /**
   * Deletes the pending files that the failed attempt uploaded after the checkpoint we restart
   * from: their checkpoints never completed, so no committable refers to them, and their
   * records are being replayed. Files of earlier sequences may still await their commit and are
   * left alone. Each writer cleans its own subtask's files, plus those of subtasks that no
   * longer exist after a scale-down, so no two writers touch the same file and none touches a
   * file that is being written.
   */
  private void deleteAbandoned(long restoredCheckpointId, int parallelism) {
    for (String key : store.list(PartNames.pendingFolder(prefix, jobId))) {
      long[] parsed = PartNames.parsePending(key);
      boolean mine = parsed != null && parsed[0] % parallelism == subtask;
      if (mine && parsed[1] > restoredCheckpointId) {
        LOG.info("Deleting {}, pending from a checkpoint after {} that never completed", key,
            restoredCheckpointId);
        store.delete(key);
      }
    }
  }

  @Override
  public void write(T element, Context context) throws IOException {
    String partition = partitioner.partition(element);
    String problem = PartNames.checkPartition(partition);
    if (problem != null) {
      throw new IOException("the partitioner of the " + recordClass.getSimpleName()
          + " sink under '" + prefix + "/' returned '" + partition + "', which " + problem);
    }
    OpenFile<T> file = open.get(partition);
    if (file == null) {
      file = new OpenFile<>(partition, schema, new SpecificDatumWriter<>(recordClass), codec);
      open.put(partition, file);
    }
    // serialized now, so a record reused by the caller after this call is no concern
    file.append(element);
    if (file.records >= maxRecords || file.bytes() >= maxBytes) {
      open.remove(partition);
      uploaded.add(upload(file));
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    // files are uploaded in prepareCommit, which the runtime calls right after this
  }

  @Override
  public Collection<AvroObjectCommittable> prepareCommit() throws IOException {
    for (OpenFile<T> file : open.values()) {
      uploaded.add(upload(file));
    }
    open.clear();
    List<AvroObjectCommittable> committables = List.copyOf(uploaded);
    uploaded.clear();
    return committables;
  }

  @Override
  public List<Void> snapshotState(long checkpointId) {
    sequence = checkpointId + 1;
    filesInSequence = 0;
    return List.of();
  }

  private AvroObjectCommittable upload(OpenFile<T> file) throws IOException {
    byte[] bytes = file.finish();
    int n = filesInSequence++;
    String pendingKey = PartNames.pendingKey(prefix, jobId, subtask, sequence, n);
    String finalKey = PartNames.finalKey(prefix, file.partition, jobId, subtask, sequence, n);
    store.putStream(pendingKey, new ByteArrayInputStream(bytes), bytes.length);
    return new AvroObjectCommittable(pendingKey, finalKey, file.records, bytes.length);
  }

  @Override
  public void close() {
    // unuploaded buffers are dropped: their records are replayed from the last checkpoint
    open.clear();
    store.close();
  }

  private static final class OpenFile<T> {
    final String partition;
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    final DataFileWriter<T> writer;
    long records;

    OpenFile(String partition, Schema schema, SpecificDatumWriter<T> datumWriter,
        CodecFactory codec) throws IOException {
      this.partition = partition;
      this.writer = new DataFileWriter<>(datumWriter).setCodec(codec);
      writer.create(schema, buffer);
    }

    void append(T record) throws IOException {
      writer.append(record);
      records++;
    }

    /** What has reached the buffer; the block being filled (under 64 KB) is not counted. */
    long bytes() {
      return buffer.size();
    }

    byte[] finish() throws IOException {
      writer.close();
      return buffer.toByteArray();
    }
  }
}
