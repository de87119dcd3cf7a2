package dev.handmade.pipeline.source.feed.reader;

import dev.handmade.pipeline.source.feed.split.FeedSplit;

/**
 * The split as the reader advances it: the cursor moves with each emitted label, in the task
 * thread, so that a checkpoint always holds the last label that went downstream before its
 * barrier.
 */
public final class FeedSplitState {

  private long cursor;

  public FeedSplitState(FeedSplit split) {
    this.cursor = split.cursor();
  }

  public long cursor() {
    return cursor;
  }

  public void advanceTo(long sequence) {
    cursor = sequence;
  }

  public FeedSplit toSplit() {
    return new FeedSplit(cursor);
  }
}
