package dev.handmade.model.nuscenes;

import dev.handmade.model.kitti.ImportReport.Problem;
import dev.handmade.schema.ObjectClass;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a nuScenes import did: samples read, frames made per class, annotations that made no
 * frame by reason, drive-log files written, and every input problem that was skipped.
 */
public record NuScenesImportReport(
    int samples,
    Map<ObjectClass, Integer> perClass,
    Map<Skip, Integer> skipped,
    int files,
    List<Problem> errors) {

  /** Why an annotation, read without fault, made no frame. */
  public enum Skip {
    /** The keyframe sweep has no return inside its box (nuScenes annotates from all sensors and time). */
    NO_LIDAR_POINTS,
    /** No camera of the sample sees the whole box in front of it. */
    IN_NO_CAMERA
  }

  public NuScenesImportReport {
    EnumMap<ObjectClass, Integer> counts = new EnumMap<>(ObjectClass.class);
    for (ObjectClass c : ObjectClass.values()) {
      counts.put(c, 0);
    }
    counts.putAll(perClass);
    perClass = Collections.unmodifiableMap(counts);
    EnumMap<Skip, Integer> skips = new EnumMap<>(Skip.class);
    for (Skip s : Skip.values()) {
      skips.put(s, 0);
    }
    skips.putAll(skipped);
    skipped = Collections.unmodifiableMap(skips);
    errors = List.copyOf(errors);
  }

  public int count(ObjectClass objectClass) {
    return perClass.get(objectClass);
  }

  public int frames() {
    return perClass.values().stream().mapToInt(Integer::intValue).sum();
  }
}
