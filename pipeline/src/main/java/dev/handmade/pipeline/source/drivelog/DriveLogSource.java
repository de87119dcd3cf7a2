package dev.handmade.pipeline.source.drivelog;

import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.pipeline.source.drivelog.enumerator.DriveLogEnumeratorState;
import dev.handmade.pipeline.source.drivelog.enumerator.DriveLogEnumeratorStateSerializer;
import dev.handmade.pipeline.source.drivelog.enumerator.DriveLogSourceEnumerator;
import dev.handmade.pipeline.source.drivelog.reader.DriveLogSourceReader;
import dev.handmade.pipeline.source.drivelog.reader.DriveLogSplitReader;
import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import dev.handmade.pipeline.source.drivelog.split.DriveLogSplitSerializer;
import dev.handmade.schema.Frame;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Frames from Avro drive-log files in object storage: every object under a prefix, including
 * those uploaded while the job runs, read once across failures.
 *
 * <p>Each object is a container file of {@link Frame} records (any schema
 * version the current one can read) and one split. A file that cannot be read, or a record that
 * cannot be decoded, comes out as one {@link IngestedFrame#dead dead letter} and the source goes
 * on. With checkpointing, every frame is emitted exactly once: a reader's checkpoint holds how
 * many records of its file it has emitted, and the enumerator's holds every key it has found.
 *
 * <pre>{@code
 * env.fromSource(
 *     DriveLogSource.builder().storeConfig(store).prefix("drive-logs/").build(),
 *     WatermarkStrategy.noWatermarks(), "drive logs");
 * }</pre>
 *
 * <p>Objects are expected to be complete when they appear, as S3 uploads are; objects under a
 * folder or with a name starting with '_' or '.' are left out, so an uploader can stage there.
 */
public final class DriveLogSource
    implements Source<IngestedFrame, DriveLogSplit, DriveLogEnumeratorState>,
        ResultTypeQueryable<IngestedFrame> {

  private static final long serialVersionUID = 1L;

  private final ObjectStoreConfig storeConfig;
  private final String prefix;
  private final Duration discoveryInterval;
  private final int fetchBatchSize;

  private DriveLogSource(Builder builder) {
    this.storeConfig = builder.storeConfig;
    this.prefix = builder.prefix;
    this.discoveryInterval = builder.discoveryInterval;
    this.fetchBatchSize = builder.fetchBatchSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<IngestedFrame, DriveLogSplit> createReader(SourceReaderContext context) {
    return new DriveLogSourceReader(
        () -> new DriveLogSplitReader(ObjectStore.create(storeConfig), fetchBatchSize),
        new Configuration(),
        context);
  }

  @Override
  public SplitEnumerator<DriveLogSplit, DriveLogEnumeratorState> createEnumerator(
      SplitEnumeratorContext<DriveLogSplit> context) {
    return restoreEnumerator(context, DriveLogEnumeratorState.empty());
  }

  @Override
  public SplitEnumerator<DriveLogSplit, DriveLogEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<DriveLogSplit> context, DriveLogEnumeratorState state) {
    return new DriveLogSourceEnumerator(context, storeConfig, prefix, discoveryInterval, state);
  }

  @Override
  public SimpleVersionedSerializer<DriveLogSplit> getSplitSerializer() {
    return DriveLogSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<DriveLogEnumeratorState> getEnumeratorCheckpointSerializer() {
    return DriveLogEnumeratorStateSerializer.INSTANCE;
  }

  @Override
  public TypeInformation<IngestedFrame> getProducedType() {
    return TypeInformation.of(IngestedFrame.class);
  }

  public ObjectStoreConfig storeConfig() {
    return storeConfig;
  }

  /** Ends with '/' unless it is the bucket's root (""). */
  public String prefix() {
    return prefix;
  }

  public Duration discoveryInterval() {
    return discoveryInterval;
  }

  public int fetchBatchSize() {
    return fetchBatchSize;
  }

  @Override
  public String toString() {
    return "DriveLogSource[s3://"
        + storeConfig.bucket()
        + "/"
        + prefix
        + " at "
        + storeConfig.endpoint()
        + ", every "
        + discoveryInterval
        + "]";
  }

  /** Checks its arguments in {@link #build()}, naming all that are missing or wrong at once. */
  public static final class Builder {
    private ObjectStoreConfig storeConfig;
    private String prefix;
    private Duration discoveryInterval = DriveLogSourceOptions.DISCOVERY_INTERVAL.defaultValue();
    private int fetchBatchSize = DriveLogSourceOptions.FETCH_BATCH_SIZE.defaultValue();

    private Builder() {}

    public Builder storeConfig(ObjectStoreConfig storeConfig) {
      this.storeConfig = storeConfig;
      return this;
    }

    /**
     * The folder to watch, e.g. {@code drive-logs/}; a missing trailing '/' is added, so that
     * "drive-logs" does not also match "drive-logs-old/". "" watches the whole bucket.
     */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /** See {@link DriveLogSourceOptions#DISCOVERY_INTERVAL}. */
    public Builder discoveryInterval(Duration discoveryInterval) {
      this.discoveryInterval = discoveryInterval;
      return this;
    }

    /** See {@link DriveLogSourceOptions#FETCH_BATCH_SIZE}. */
    public Builder fetchBatchSize(int fetchBatchSize) {
      this.fetchBatchSize = fetchBatchSize;
      return this;
    }

    /** @throws IllegalArgumentException naming every missing or invalid argument */
    public DriveLogSource build() {
      List<String> problems = new ArrayList<>();
      if (storeConfig == null) {
        problems.add("storeConfig is missing");
      }
      if (prefix == null) {
        problems.add("prefix is missing (\"\" reads the whole bucket)");
      } else {
        String p = prefix.strip();
        while (p.startsWith("/")) {
          p = p.substring(1);
        }
        prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
      }
      if (discoveryInterval == null) {
        problems.add("discoveryInterval is missing");
      } else if (discoveryInterval.toMillis() < 1) {
        problems.add("discoveryInterval must be at least 1 ms, was " + discoveryInterval);
      }
      if (fetchBatchSize < 1) {
        problems.add("fetchBatchSize must be at least 1, was " + fetchBatchSize);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "DriveLogSource is incomplete: " + String.join("; ", problems));
      }
      return new DriveLogSource(this);
    }
  }
}
