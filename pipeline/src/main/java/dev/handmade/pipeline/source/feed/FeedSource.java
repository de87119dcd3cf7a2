package dev.handmade.pipeline.source.feed;

import dev.handmade.pipeline.labelling.LabellingClient;
import dev.handmade.pipeline.labelling.LabellingConnectorOptions;
import dev.handmade.pipeline.labelling.LabellingServiceConfig;
import dev.handmade.pipeline.source.feed.enumerator.FeedEnumeratorState;
import dev.handmade.pipeline.source.feed.enumerator.FeedEnumeratorStateSerializer;
import dev.handmade.pipeline.source.feed.enumerator.FeedSourceEnumerator;
import dev.handmade.pipeline.source.feed.reader.FeedSourceReader;
import dev.handmade.pipeline.source.feed.reader.FeedSplitReader;
import dev.handmade.pipeline.source.feed.split.FeedSplit;
import dev.handmade.pipeline.source.feed.split.FeedSplitSerializer;
import dev.handmade.schema.HumanLabel;
import java.time.Duration;
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
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * The labelling service's feed of verified (and unresolved) labels, as an unbounded stream of
 * HumanLabels in feed order, with the verification time as event time.
 *
 * <p>The feed cursor is the source's checkpointed state: with checkpointing on, a restore resumes
 * right after the last label emitted before the checkpoint, so each label goes downstream exactly
 * once in the job's consistent state. The service never loses a label it acknowledged, and a
 * cursor never skips one (the service makes rows visible in sequence order).
 *
 * <p>Run it with parallelism 1: the feed is one ordered sequence, read by subtask 0; other
 * subtasks get no split and finish at once.
 */
public final class FeedSource
    implements Source<HumanLabel, FeedSplit, FeedEnumeratorState>, ResultTypeQueryable<HumanLabel> {

  private static final long serialVersionUID = 1L;

  private final LabellingServiceConfig config;
  private final Duration pollInterval;
  private final int pageSize;
  private final long startAfter;

  private FeedSource(
      LabellingServiceConfig config, Duration pollInterval, int pageSize, long startAfter) {
    this.config = config;
    this.pollInterval = pollInterval;
    this.pageSize = pageSize;
    this.startAfter = startAfter;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<HumanLabel, FeedSplit> createReader(SourceReaderContext context) {
    return new FeedSourceReader(
        () -> new FeedSplitReader(new LabellingClient(config), pollInterval, pageSize),
        new Configuration(),
        context);
  }

  @Override
  public SplitEnumerator<FeedSplit, FeedEnumeratorState> createEnumerator(
      SplitEnumeratorContext<FeedSplit> context) {
    return new FeedSourceEnumerator(context, new FeedSplit(startAfter));
  }

  @Override
  public SplitEnumerator<FeedSplit, FeedEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<FeedSplit> context, FeedEnumeratorState state) {
    return new FeedSourceEnumerator(context, state.unassigned());
  }

  @Override
  public SimpleVersionedSerializer<FeedSplit> getSplitSerializer() {
    return new FeedSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<FeedEnumeratorState> getEnumeratorCheckpointSerializer() {
    return new FeedEnumeratorStateSerializer();
  }

  @Override
  public TypeInformation<HumanLabel> getProducedType() {
    return new AvroTypeInfo<>(HumanLabel.class);
  }

  /** Defaults from {@link LabellingConnectorOptions}; {@link #build()} checks every value. */
  public static final class Builder {
    private LabellingServiceConfig config;
    private Duration pollInterval = LabellingConnectorOptions.FEED_POLL_INTERVAL.defaultValue();
    private int pageSize = LabellingConnectorOptions.FEED_PAGE_SIZE.defaultValue();
    private long startAfter;

    private Builder() {}

    public Builder config(LabellingServiceConfig config) {
      this.config = config;
      return this;
    }

    /** How long to wait after an empty page before asking again. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /** Entries per feed request, 1 to 1000. */
    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    /**
     * Where a job without state starts: after this sequence. 0 (the default) reads the whole
     * feed; a restored job ignores it and resumes from its checkpointed cursor.
     */
    public Builder startAfter(long sequence) {
      this.startAfter = sequence;
      return this;
    }

    public FeedSource build() {
      if (config == null) {
        throw new IllegalArgumentException("FeedSource needs the labelling service's config");
      }
      if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException(
            LabellingConnectorOptions.FEED_POLL_INTERVAL.key()
                + " must be positive, was "
                + pollInterval);
      }
      if (pageSize < 1 || pageSize > 1000) {
        throw new IllegalArgumentException(
            LabellingConnectorOptions.FEED_PAGE_SIZE.key() + " must be 1..1000, was " + pageSize);
      }
      if (startAfter < 0) {
        throw new IllegalArgumentException("startAfter must be 0 or more, was " + startAfter);
      }
      return new FeedSource(config, pollInterval, pageSize, startAfter);
    }
  }
}
