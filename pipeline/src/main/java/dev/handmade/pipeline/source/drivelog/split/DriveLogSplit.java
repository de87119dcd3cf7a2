package dev.handmade.pipeline.source.drivelog.split;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One drive-log object, and how far into it the reader got.
 *
 * @param key the object's key; also the split's id, since each object is read once
 * @param offset how many records of the file have been emitted (a dead letter for a failure
 *     counts as one); the reader resumes after them
 */
public record DriveLogSplit(String key, long offset) implements SourceSplit {

  public DriveLogSplit {
    Objects.requireNonNull(key, "key");
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
  }

  /** A split that starts at the first record. */
  public static DriveLogSplit of(String key) {
    return new DriveLogSplit(key, 0);
  }

  @Override
  public String splitId() {
    return key;
  }
}
