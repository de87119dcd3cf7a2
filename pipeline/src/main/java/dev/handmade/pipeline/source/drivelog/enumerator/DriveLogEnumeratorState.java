package dev.handmade.pipeline.source.drivelog.enumerator;

import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the enumerator checkpoints.
 *
 * <p>It grows by one key for every object ever discovered, about the key's length in bytes (50
 * bytes a key: 5 MB per 100,000 drive logs), and never shrinks, because S3 listing gives no
 * reliable "newer than" cursor for arbitrary key names. Archiving processed logs out of the prefix
 * does not shrink it either; a job that outgrows it can be restarted on a fresh prefix.
 *
 * @param discoveredKeys every key ever found, assigned or not
 * @param unassigned splits found or handed back by a failed reader, not yet assigned
 */
public record DriveLogEnumeratorState(
    SortedSet<String> discoveredKeys, List<DriveLogSplit> unassigned) {

  public DriveLogEnumeratorState {
    discoveredKeys =
        Collections.unmodifiableSortedSet(
            new TreeSet<>(Objects.requireNonNull(discoveredKeys, "discoveredKeys")));
    unassigned = List.copyOf(unassigned);
  }

  public static DriveLogEnumeratorState empty() {
    return new DriveLogEnumeratorState(new TreeSet<>(), List.of());
  }
}
