package dev.handmade.pipeline.sink.objectstore;

import dev.handmade.audit.chain.HashChain;
import dev.handmade.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask of {@link AvroObjectSink}: an open Avro file per partition, buffered in memory,
 * uploaded as a pending object when it is full or a checkpoint comes. A hash-chained sink's
 * writer keeps its records until the upload, when the file is sealed into the chain under the
 * key it will be committed to.
 */
public final class AvroObjectWriter<T extends SpecificRecord>
    implements CommittingSinkWriter<T, AvroObjectCommittable>,
    StatefulSinkWriter<T, HashChain.Link> {

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
  private final boolean hashChained;
  // the end of the hash chain so far; null when the sink is not chained
  private HashChain.Link chainEnd;

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

  AvroObjectWriter(AvroObjectSink<T> sink, WriterInitContext context, HashChain.Link restored)
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
    this.hashChained = sink.hashChained();
    this.sequence = context.getRestoredCheckpointId().orElse(0L) + 1;
    this.store = ObjectStore.create(sink.storeConfig());
    if (hashChained) {
      int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
      if (parallelism != 1) {
        throw new IllegalStateException("the hash-chained sink under '" + prefix + "/' runs with"
            + " parallelism " + parallelism + "; one chain needs one writer: set it to 1");
      }
      // without state (a new job, or a state from before chaining) the chain goes on after the
      // last committed file, so a job submitted afresh does not start a second chain
      chainEnd = restored != null ? restored : HashChain.head(store, prefix);
    }
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
      file = hashChained ? new ChainedFile<>(partition, schema)
          : new StreamedFile<>(partition, schema, new SpecificDatumWriter<>(recordClass), codec);
      open.put(partition, file);
    }
    // serialized now, so a record reused by the caller after this call is no concern
    file.append(element);
    if (file.records() >= maxRecords || file.bytes() >= maxBytes) {
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
  public List<HashChain.Link> snapshotState(long checkpointId) {
    sequence = checkpointId + 1;
    filesInSequence = 0;
    // prepareCommit has sealed every open file by now, so this is the end of the chain that the
    // checkpoint's files form
    return hashChained ? List.of(chainEnd) : List.of();
  }

  private AvroObjectCommittable upload(OpenFile<T> file) throws IOException {
    int n = filesInSequence++;
    String pendingKey = PartNames.pendingKey(prefix, jobId, subtask, sequence, n);
    String finalKey = PartNames.finalKey(prefix, file.partition(), jobId, subtask, sequence, n);
    byte[] bytes;
    if (file instanceof ChainedFile<T> chained) {
      HashChain.SealedFile sealed =
          HashChain.seal(chained.records, schema, finalKey, chainEnd, codec);
      chainEnd = sealed.next();
      bytes = sealed.bytes();
    } else {
      bytes = ((StreamedFile<T>) file).finish();
    }
    store.putStream(pendingKey, new ByteArrayInputStream(bytes), bytes.length);
    return new AvroObjectCommittable(pendingKey, finalKey, file.records(), bytes.length);
  }

  @Override
  public void close() {
    // unuploaded buffers are dropped: their records are replayed from the last checkpoint
    open.clear();
    store.close();
  }

  /** The records of one partition since its last upload. */
  private sealed interface OpenFile<T> permits StreamedFile, ChainedFile {
    String partition();

    void append(T record) throws IOException;

    long records();

    /** What the file holds so far, roughly, to keep it under the size limit. */
    long bytes();
  }

  /** Written into an Avro container in memory as records come. */
  private static final class StreamedFile<T> implements OpenFile<T> {
    final String partition;
    final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    final DataFileWriter<T> writer;
    long records;

    StreamedFile(String partition, Schema schema, SpecificDatumWriter<T> datumWriter,
        CodecFactory codec) throws IOException {
      this.partition = partition;
      this.writer = new DataFileWriter<>(datumWriter).setCodec(codec);
      writer.create(schema, buffer);
    }

    @Override
    public String partition() {
      return partition;
    }

    @Override
    public void append(T record) throws IOException {
      writer.append(record);
      records++;
    }

    @Override
    public long records() {
      return records;
    }

    /** What has reached the buffer; the block being filled (under 64 KB) is not counted. */
    @Override
    public long bytes() {
      return buffer.size();
    }

    byte[] finish() throws IOException {
      writer.close();
      return buffer.toByteArray();
    }
  }

  /**
   * Kept as records until the upload: a file's chain hashes and header depend on the key and
   * the chain position it gets then.
   */
  private static final class ChainedFile<T extends SpecificRecord> implements OpenFile<T> {
    final String partition;
    final SpecificData data;
    final Schema schema;
    final List<T> records = new ArrayList<>();
    final EncodedSize size;

    ChainedFile(String partition, Schema schema) {
      this.partition = partition;
      this.schema = schema;
      this.data = SpecificData.getForSchema(schema);
      this.size = new EncodedSize(schema);
    }

    @Override
    public String partition() {
      return partition;
    }

    @Override
    public void append(T record) throws IOException {
      // copied, so a record reused by the caller after this call is no concern
      records.add(data.deepCopy(schema, record));
      size.add(record);
    }

    @Override
    public long records() {
      return records.size();
    }

    @Override
    public long bytes() {
      return size.total;
    }
  }

  /** Counts the bytes records encode to, without keeping them. */
  private static final class EncodedSize {
    final SpecificDatumWriter<Object> writer;
    final CountingStream counter = new CountingStream();
    final BinaryEncoder encoder;
    long total;

    EncodedSize(Schema schema) {
      this.writer = new SpecificDatumWriter<>(schema);
      this.encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
    }

    void add(Object record) throws IOException {
      writer.write(record, encoder);
      total = counter.count;
    }
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
