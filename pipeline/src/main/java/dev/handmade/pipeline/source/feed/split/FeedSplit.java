package dev.handmade.pipeline.source.feed.split;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * The whole feed, from a cursor on. There is one such split: the feed is a single ordered
 * sequence, and reading it from two places would lose the order the cursor depends on.
 *
 * @param cursor the sequence of the last label emitted; the next read asks for what comes after
 */
public record FeedSplit(long cursor) implements SourceSplit {

  public static final String ID = "labelling-feed";

  public FeedSplit {
    if (cursor < 0) {
      throw new IllegalArgumentException("cursor must be 0 or more, was " + cursor);
    }
  }

  @Override
  public String splitId() {
    return ID;
  }
}
