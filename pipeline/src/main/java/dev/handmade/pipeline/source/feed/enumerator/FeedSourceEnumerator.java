package dev.handmade.pipeline.source.feed.enumerator;

import dev.handmade.pipeline.source.feed.split.FeedSplit;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the one feed split to subtask 0, and tells every other subtask that no split will come,
 * so that they finish instead of idling forever. When subtask 0 fails, Flink hands back the split
 * as it was at the last checkpoint, and it goes to subtask 0 again once that registers.
 */
public final class FeedSourceEnumerator implements SplitEnumerator<FeedSplit, FeedEnumeratorState> {

  /** The subtask that reads the feed. */
  public static final int READER = 0;

  private static final Logger LOG = LoggerFactory.getLogger(FeedSourceEnumerator.class);

  private final SplitEnumeratorContext<FeedSplit> context;
  private FeedSplit unassigned;

  /** @param unassigned the split no reader holds yet, or null when a reader's state holds it */
  public FeedSourceEnumerator(SplitEnumeratorContext<FeedSplit> context, FeedSplit unassigned) {
    this.context = context;
    this.unassigned = unassigned;
  }

  @Override
  public void start() {
    if (context.currentParallelism() > 1) {
      LOG.warn(
          "the verified-label source runs with parallelism {}; only subtask {} reads the feed",
          context.currentParallelism(),
          READER);
    }
  }

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    // readers never ask: the split is pushed when subtask 0 registers
  }

  @Override
  public void addSplitsBack(List<FeedSplit> splits, int subtaskId) {
    if (splits.size() > 1) {
      throw new IllegalStateException("the feed has one split, " + splits.size() + " came back");
    }
    if (!splits.isEmpty()) {
      unassigned = splits.get(0);
      assignIfReaderRegistered();
    }
  }

  @Override
  public void addReader(int subtaskId) {
    if (subtaskId == READER) {
      assignIfReaderRegistered();
    } else {
      context.signalNoMoreSplits(subtaskId);
    }
  }

  private void assignIfReaderRegistered() {
    if (unassigned != null && context.registeredReaders().containsKey(READER)) {
      context.assignSplit(unassigned, READER);
      unassigned = null;
    }
  }

  @Override
  public FeedEnumeratorState snapshotState(long checkpointId) {
    return new FeedEnumeratorState(unassigned);
  }

  @Override
  public void close() {}
}
