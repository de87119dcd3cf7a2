package dev.handmade.pipeline.source.drivelog.reader;

import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;

/** A split being read; the emitter moves its offset forward with each record it emits. */
public final class DriveLogSplitState {

  private final String key;
  private long offset;

  public DriveLogSplitState(DriveLogSplit split) {
    this.key = split.key();
    this.offset = split.offset();
  }

  public void setOffset(long offset) {
    this.offset = offset;
  }

  public long offset() {
    return offset;
  }

  public DriveLogSplit toSplit() {
    return new DriveLogSplit(key, offset);
  }
}
