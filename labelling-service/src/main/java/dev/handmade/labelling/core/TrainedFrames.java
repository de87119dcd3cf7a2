package dev.handmade.labelling.core;

import dev.handmade.schema.ModelVersion;
import dev.handmade.storage.registry.ModelRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The registry's versions with the frames each was trained on directly. A published version never
 * changes, so each is read from the registry once; a look costs one listing plus the versions
 * published since the last look. Thread-safe.
 */
public final class TrainedFrames {

  /** A version's frames as the registry recorded them: its own, not its parent's. */
  public record TrainedVersion(
      String version, String parent, Instant publishedAt, Set<String> frameIds) {}

  private final ModelRegistry registry;
  private final ConcurrentMap<String, TrainedVersion> read = new ConcurrentHashMap<>();

  public TrainedFrames(ModelRegistry registry) {
    this.registry = registry;
  }

  /**
   * Every published version, oldest first. Throws the registry's and the object store's exceptions
   * when a record cannot be read or the store cannot be reached; a version that failed is read again
   * next time.
   */
  public List<TrainedVersion> versions() {
    List<String> names = registry.versions();
    List<TrainedVersion> versions = new ArrayList<>(names.size());
    for (String name : names) {
      versions.add(read.computeIfAbsent(name, this::describe));
    }
    return versions;
  }

  private TrainedVersion describe(String name) {
    ModelVersion v = registry.describe(name);
    return new TrainedVersion(
        v.getVersion(), v.getParent(), v.getCreatedAt(), Set.copyOf(v.getTrainingFrameIds()));
  }
}
