package dev.handmade.pipeline.source.feed.reader;

import dev.handmade.pipeline.source.feed.split.FeedSplit;
import dev.handmade.schema.HumanLabel;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/**
 * The feed reader, on Flink's fetcher framework rather than a hand-written SourceReader: the HTTP
 * calls block (for up to the request timeout, and through retries with backoff), and the
 * framework runs them in a fetcher thread and hands the pages over to the task thread, where the
 * emitter moves the checkpointed cursor. A hand-written reader would have to rebuild that
 * hand-over to keep blocking calls off the task thread, which also takes checkpoints.
 */
public final class FeedSourceReader
    extends SingleThreadMultiplexSourceReaderBase<
        HumanLabel, HumanLabel, FeedSplit, FeedSplitState> {

  public FeedSourceReader(
      Supplier<FeedSplitReader> splitReaders, Configuration config, SourceReaderContext context) {
    super(splitReaders::get, new FeedRecordEmitter(), config, context);
  }

  @Override
  protected void onSplitFinished(Map<String, FeedSplitState> finishedSplitIds) {
    // the feed never ends
  }

  @Override
  protected FeedSplitState initializedState(FeedSplit split) {
    return new FeedSplitState(split);
  }

  @Override
  protected FeedSplit toSplitType(String splitId, FeedSplitState state) {
    return state.toSplit();
  }
}
