package dev.handmade.pipeline.sink.objectstore;

import dev.handmade.pipeline.sink.objectstore.FileSealer.OpenFile;
import dev.handmade.pipeline.sink.objectstore.FileSealer.Sealed;
import dev.handmade.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of {@link AvroObjectSink}: an open Avro file per partition, buffered in memory,
 * uploaded as a pending object when it is full or a checkpoint comes. The sink's {@link
 * FileSealer} holds each file's records in its own way until the upload, when it seals the file
 * under the key it will be committed to.
 */
public final class AvroObjectWriter<T extends SpecificRecord, S>
    implements CommittingSinkWriter<T, AvroObjectCommittable>, StatefulSinkWriter<T, S> {

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
  private final FileSealer<S> sealer;
  // what the next file follows; null for a sealer that keeps no state
  private S state;

  // sorted, so that the files of one checkpoint are numbered in partition order
  private final Map<String, OpenFile<T, S>> open = new TreeMap<>();
  private final List<AvroObjectCommittable> uploaded = new ArrayList<>();

  // The last checkpoint this writer took part in, plus one, as for Kafka's transactional ids.
  // It is at most the id of the checkpoint that commits the files, so after a restart from
  // checkpoint C (sequence C + 1) no committed name comes round again; and every file that a
  // failed attempt uploaded after C has a sequence above C, which is how deleteAbandoned finds
  // them.
  private long sequence;
  private int filesInSequence;

  AvroObjectWriter(AvroObjectSink<T, S> sink, WriterInitContext context, Collection<S> restored)
      throws IOException {
    this.prefix = sink.prefix();
    this.jobId = context.getJobInfo().getJobId().toHexString();
    this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
    this.recordClass = sink.recordClass();
    this.schema = sink.schema();
    this.partitioner = sink.partitioner();
    this.maxRecords = sink.maxRecordsPerFile();
    this.maxBytes = sink.maxBytesPerFile();
    this.codec = CodecFactory.fromString(sink.codec());
    this.sealer = sink.sealer();
    this.sequence = context.getRestoredCheckpointId().orElse(0L) + 1;
    this.store = ObjectStore.create(sink.storeConfig());
    this.state =
        sealer.start(restored, store, prefix, context.getTaskInfo().getNumberOfParallelSubtasks());
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
        LOG.info(
            "Deleting {}, pending from a checkpoint after {} that never completed",
            key,
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
      throw new IOException(
          "the partitioner of the "
              + recordClass.getSimpleName()
              + " sink under '"
              + prefix
              + "/' returned '"
              + partition
              + "', which "
              + problem);
    }
    OpenFile<T, S> file = open.get(partition);
    if (file == null) {
      file = sealer.open(recordClass, schema, codec);
      open.put(partition, file);
    }
    file.append(element);
    if (file.records() >= maxRecords || file.bytes() >= maxBytes) {
      open.remove(partition);
      uploaded.add(upload(partition, file));
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    // files are uploaded in prepareCommit, which the runtime calls right after this
  }

  @Override
  public Collection<AvroObjectCommittable> prepareCommit() throws IOException {
    for (Map.Entry<String, OpenFile<T, S>> file : open.entrySet()) {
      uploaded.add(upload(file.getKey(), file.getValue()));
    }
    open.clear();
    List<AvroObjectCommittable> committables = List.copyOf(uploaded);
    uploaded.clear();
    return committables;
  }

  @Override
  public List<S> snapshotState(long checkpointId) {
    sequence = checkpointId + 1;
    filesInSequence = 0;
    // prepareCommit has sealed every open file by now, so this is what the checkpoint's last
    // file leads to
    return state == null ? List.of() : List.of(state);
  }

  private AvroObjectCommittable upload(String partition, OpenFile<T, S> file) throws IOException {
    int n = filesInSequence++;
    String pendingKey = PartNames.pendingKey(prefix, jobId, subtask, sequence, n);
    String finalKey = PartNames.finalKey(prefix, partition, jobId, subtask, sequence, n);
    Sealed<S> sealed = file.seal(finalKey, state);
    state = sealed.next();
    byte[] bytes = sealed.bytes();
    store.putStream(pendingKey, new ByteArrayInputStream(bytes), bytes.length);
    return new AvroObjectCommittable(pendingKey, finalKey, file.records(), bytes.length);
  }

  @Override
  public void close() {
    // unuploaded buffers are dropped: their records are replayed from the last checkpoint
    open.clear();
    store.close();
  }
}
