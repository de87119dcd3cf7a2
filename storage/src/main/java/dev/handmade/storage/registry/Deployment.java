package dev.handmade.storage.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * One move of the deployment pointer.
 *
 * @param version the version the pointer moved to
 */
public record Deployment(String version, Instant at, Kind kind) {

  public enum Kind {
    /** The version was deployed. */
    DEPLOY,
    /** The pointer went back to this version, undoing the deployment before it. */
    ROLLBACK
  }

  public Deployment {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
  }
}
