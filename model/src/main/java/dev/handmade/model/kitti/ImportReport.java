package dev.handmade.model.kitti;

import dev.handmade.model.proposals.ObjectEnvelopes.Rejection;
import dev.handmade.schema.ObjectClass;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did: frames made per class (labelled objects), proposals made for unlabelled
 * KITTI frames and the segments left out of them by reason, DontCare labels skipped, drive-log
 * files written, and every input problem that was skipped.
 */
public record ImportReport(
    int kittiFrames,
    Map<ObjectClass, Integer> perClass,
    int proposals,
    Map<Rejection, Integer> proposalsRejected,
    int dontCare,
    int files,
    List<Problem> errors) {

  public ImportReport {
    EnumMap<ObjectClass, Integer> counts = new EnumMap<>(ObjectClass.class);
    for (ObjectClass c : ObjectClass.values()) {
      counts.put(c, 0);
    }
    counts.putAll(perClass);
    perClass = Collections.unmodifiableMap(counts);
    EnumMap<Rejection, Integer> rejected = new EnumMap<>(Rejection.class);
    for (Rejection r : Rejection.values()) {
      rejected.put(r, 0);
    }
    rejected.putAll(proposalsRejected);
    proposalsRejected = Collections.unmodifiableMap(rejected);
    errors = List.copyOf(errors);
  }

  public int count(ObjectClass objectClass) {
    return perClass.get(objectClass);
  }

  /** Frames made from labelled objects. */
  public int labelledFrames() {
    return perClass.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Every frame written: labelled objects and proposals. */
  public int frames() {
    return labelledFrames() + proposals;
  }

  /**
   * One input problem. {@code line} is 1-based; 0 when the problem is with the file as a whole
   * (missing, truncated, not an image).
   */
  public record Problem(String file, int line, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + message;
    }
  }
}
