package dev.handmade.pipeline.source.feed.reader;

import dev.handmade.pipeline.labelling.FeedPage;
import dev.handmade.pipeline.labelling.LabellingClient;
import dev.handmade.pipeline.source.feed.split.FeedSplit;
import dev.handmade.schema.HumanLabel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * Reads feed pages in the fetcher thread. Its own cursor runs ahead of the checkpointed one: it
 * is where the next page starts, while the split state moves only as labels are emitted. Pages
 * fetched but not yet emitted at a checkpoint are simply fetched again after a restore.
 *
 * <p>After an empty page it waits for the poll interval, or until Flink wakes it (new split,
 * shutdown), so that an idle feed costs one request per interval.
 */
public final class FeedSplitReader implements SplitReader<HumanLabel, FeedSplit> {

  private final LabellingClient client;
  private final Duration pollInterval;
  private final int pageSize;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private boolean wakeUpRequested;
  private Long cursor;

  public FeedSplitReader(LabellingClient client, Duration pollInterval, int pageSize) {
    this.client = client;
    this.pollInterval = pollInterval;
    this.pageSize = pageSize;
  }

  @Override
  public RecordsWithSplitIds<HumanLabel> fetch() throws IOException {
    if (cursor == null) {
      return empty();
    }
    FeedPage page;
    try {
      page = client.feed(cursor, pageSize);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return empty();
    }
    if (page.labels().isEmpty()) {
      awaitPollInterval();
      return empty();
    }
    cursor = page.next();
    RecordsBySplits.Builder<HumanLabel> records = new RecordsBySplits.Builder<>();
    records.addAll(FeedSplit.ID, page.labels());
    return records.build();
  }

  private void awaitPollInterval() {
    lock.lock();
    try {
      long remaining = pollInterval.toNanos();
      while (!wakeUpRequested && remaining > 0) {
        remaining = woken.awaitNanos(remaining);
      }
      wakeUpRequested = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void handleSplitsChanges(SplitsChange<FeedSplit> splitsChange) {
    if (!(splitsChange instanceof SplitsAddition)) {
      throw new UnsupportedOperationException(
          "the feed reader only takes split additions, not " + splitsChange.getClass().getName());
    }
    for (FeedSplit split : splitsChange.splits()) {
      if (cursor != null) {
        throw new IllegalStateException("the feed reader already holds the feed split");
      }
      cursor = split.cursor();
    }
  }

  @Override
  public void wakeUp() {
    lock.lock();
    try {
      wakeUpRequested = true;
      woken.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private static RecordsWithSplitIds<HumanLabel> empty() {
    return new RecordsBySplits.Builder<HumanLabel>().build();
  }
}
