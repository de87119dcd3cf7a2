package dev.handmade.pipeline.sink.objectstore;

import dev.handmade.storage.ObjectKeys;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.avro.AvroObjectReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Writes records of one Avro schema as Avro container files in object storage, exactly once.
 *
 * <p>Two-phase commit: a writer buffers each partition's records in memory and, at every
 * checkpoint, uploads them as pending objects under {@code prefix/_pending/<jobId>/}; once the
 * checkpoint completes, the committer copies each to its final key {@code
 * prefix/<partition>/part-<subtask>-<sequence>-<n>-<jobId>.avro} and deletes the pending object.
 * So only data of completed checkpoints is ever visible under the partitions; after a failure
 * Flink replays the records since the last completed checkpoint into new pending files, and the
 * writer deletes the pending files the failed attempt had left for checkpoints that never
 * completed. Commits are idempotent: a commit replayed after a restore finds the final object
 * and no pending one, and counts as done.
 *
 * <p>Files appear as often as checkpoints complete, one or more per partition and writer subtask;
 * the checkpoint interval trades latency for file count. A {@link FileSealer} makes each file's
 * bytes and owns the writer's state: {@link PlainFiles} by default, which keeps none.
 *
 * <p>Readers should skip keys with a segment starting with '_' or '.' ({@link AvroObjectReader}
 * does); objects left under {@code _pending/} by a job that was cancelled and not resumed, or
 * resumed as a new job from a savepoint, are never committed and are best expired by a bucket
 * lifecycle rule on that folder.
 */
public final class AvroObjectSink<T extends SpecificRecord, S>
    implements Sink<T>, SupportsCommitter<AvroObjectCommittable>, SupportsWriterState<T, S> {

  private static final long serialVersionUID = 1L;

  // buffered in memory, and one S3 copy request can move at most 5 GiB
  static final long MAX_BYTES_LIMIT = 1L << 30;

  private final ObjectStoreConfig storeConfig;
  private final String prefix;
  private final Class<T> recordClass;
  private final RecordPartitioner<T> partitioner;
  private final long maxRecordsPerFile;
  private final long maxBytesPerFile;
  private final String codec;
  private final FileSealer<S> sealer;

  private AvroObjectSink(Builder<T, S> builder) {
    this.storeConfig = builder.storeConfig;
    this.prefix = ObjectKeys.normalizePrefix(builder.prefix);
    this.recordClass = builder.recordClass;
    this.partitioner = builder.partitioner;
    this.maxRecordsPerFile = builder.maxRecordsPerFile;
    this.maxBytesPerFile = builder.maxBytesPerFile;
    this.codec = builder.codec;
    this.sealer = builder.sealer;
  }

  /** A builder for a sink of {@code recordClass}, an Avro-generated class, in plain files. */
  public static <T extends SpecificRecord> Builder<T, Void> builder(Class<T> recordClass) {
    return builder(recordClass, new PlainFiles());
  }

  /** A builder for a sink of {@code recordClass} whose files {@code sealer} makes. */
  public static <T extends SpecificRecord, S> Builder<T, S> builder(
      Class<T> recordClass, FileSealer<S> sealer) {
    return new Builder<>(
        Objects.requireNonNull(recordClass, "recordClass"),
        Objects.requireNonNull(sealer, "sealer"));
  }

  @Override
  public AvroObjectWriter<T, S> createWriter(WriterInitContext context) throws IOException {
    return new AvroObjectWriter<>(this, context, List.of());
  }

  @Override
  public StatefulSinkWriter<T, S> restoreWriter(
      WriterInitContext context, Collection<S> recoveredState) throws IOException {
    return new AvroObjectWriter<>(this, context, recoveredState);
  }

  /**
   * The sealer's state; committables travel to the committer, which checkpoints them, so a
   * sealer that keeps none leaves the writer nothing to checkpoint.
   */
  @Override
  public SimpleVersionedSerializer<S> getWriterStateSerializer() {
    return sealer.stateSerializer();
  }

  @Override
  public Committer<AvroObjectCommittable> createCommitter(CommitterInitContext context) {
    return new AvroObjectCommitter(storeConfig);
  }

  @Override
  public SimpleVersionedSerializer<AvroObjectCommittable> getCommittableSerializer() {
    return AvroObjectCommittableSerializer.INSTANCE;
  }

  public ObjectStoreConfig storeConfig() {
    return storeConfig;
  }

  /** Without surrounding '/'. */
  public String prefix() {
    return prefix;
  }

  public Class<T> recordClass() {
    return recordClass;
  }

  public RecordPartitioner<T> partitioner() {
    return partitioner;
  }

  public long maxRecordsPerFile() {
    return maxRecordsPerFile;
  }

  public long maxBytesPerFile() {
    return maxBytesPerFile;
  }

  public String codec() {
    return codec;
  }

  public FileSealer<S> sealer() {
    return sealer;
  }

  Schema schema() {
    return SpecificData.getForClass(recordClass).getSchema(recordClass);
  }

  @Override
  public String toString() {
    return "AvroObjectSink["
        + recordClass.getSimpleName()
        + " to '"
        + prefix
        + "/' in bucket '"
        + storeConfig.bucket()
        + "' at "
        + storeConfig.endpoint()
        + "]";
  }

  /** Checks its arguments in {@link #build()}, naming all that are missing or wrong at once. */
  public static final class Builder<T extends SpecificRecord, S> {
    private final Class<T> recordClass;
    private final FileSealer<S> sealer;
    private ObjectStoreConfig storeConfig;
    private String prefix;
    private RecordPartitioner<T> partitioner;
    private long maxRecordsPerFile = AvroObjectSinkOptions.MAX_RECORDS_PER_FILE.defaultValue();
    private long maxBytesPerFile =
        AvroObjectSinkOptions.MAX_BYTES_PER_FILE.defaultValue().getBytes();
    private String codec = AvroObjectSinkOptions.CODEC.defaultValue();

    private Builder(Class<T> recordClass, FileSealer<S> sealer) {
      this.recordClass = recordClass;
      this.sealer = sealer;
    }

    public Builder<T, S> storeConfig(ObjectStoreConfig storeConfig) {
      this.storeConfig = storeConfig;
      return this;
    }

    /** The folder the files go under, e.g. {@code audit/}. */
    public Builder<T, S> prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    public Builder<T, S> partitioner(RecordPartitioner<T> partitioner) {
      this.partitioner = partitioner;
      return this;
    }

    /** See {@link AvroObjectSinkOptions#MAX_RECORDS_PER_FILE}. */
    public Builder<T, S> maxRecordsPerFile(long maxRecordsPerFile) {
      this.maxRecordsPerFile = maxRecordsPerFile;
      return this;
    }

    /** See {@link AvroObjectSinkOptions#MAX_BYTES_PER_FILE}. */
    public Builder<T, S> maxBytesPerFile(long maxBytesPerFile) {
      this.maxBytesPerFile = maxBytesPerFile;
      return this;
    }

    /** See {@link AvroObjectSinkOptions#CODEC}. */
    public Builder<T, S> codec(String codec) {
      this.codec = codec;
      return this;
    }

    /** @throws IllegalArgumentException naming every missing or invalid argument */
    public AvroObjectSink<T, S> build() {
      List<String> problems = new ArrayList<>();
      if (storeConfig == null) {
        problems.add("storeConfig is missing");
      }
      if (prefix == null || ObjectKeys.normalizePrefix(prefix).isEmpty()) {
        problems.add("prefix is missing (the sink's pending folder must not be the bucket's root)");
      } else if (ObjectKeys.isHidden("", ObjectKeys.normalizePrefix(prefix))) {
        problems.add("prefix '" + prefix + "' has a segment starting with '_' or '.'");
      }
      if (partitioner == null) {
        problems.add("partitioner is missing");
      }
      if (maxRecordsPerFile < 1) {
        problems.add("maxRecordsPerFile must be at least 1, was " + maxRecordsPerFile);
      }
      if (maxBytesPerFile < 1024 || maxBytesPerFile > MAX_BYTES_LIMIT) {
        problems.add("maxBytesPerFile must be between 1 KiB and 1 GiB, was " + maxBytesPerFile);
      }
      try {
        Schema schema = SpecificData.getForClass(recordClass).getSchema(recordClass);
        if (schema.getType() != Schema.Type.RECORD) {
          problems.add(recordClass.getName() + " is not an Avro record");
        } else if (sealer.checkSchema(schema) != null) {
          problems.add(sealer.checkSchema(schema));
        }
      } catch (AvroRuntimeException e) {
        problems.add(recordClass.getName() + " is not an Avro-generated class: " + e.getMessage());
      }
      if (codec == null) {
        problems.add("codec is missing");
      } else {
        try {
          CodecFactory.fromString(codec);
        } catch (AvroRuntimeException e) {
          problems.add("codec '" + codec + "' is not available: " + e.getMessage());
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "AvroObjectSink for "
                + recordClass.getSimpleName()
                + " is incomplete: "
                + String.join("; ", problems));
      }
      return new AvroObjectSink<>(this);
    }
  }
}
