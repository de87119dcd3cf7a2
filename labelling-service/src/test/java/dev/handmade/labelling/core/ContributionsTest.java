package dev.handmade.labelling.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.labelling.api.ContributionsView;
import dev.handmade.labelling.core.TrainedFrames.TrainedVersion;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContributionsTest {

  private static TrainedVersion version(String name, String parent, String... frames) {
    return new TrainedVersion(name, parent, Instant.ofEpochMilli(1_000), Set.of(frames));
  }

  @Test
  void aVersionCountsItsOwnFramesAndWithItsAncestorsEachFrameOnce() {
    List<TrainedVersion> versions =
        List.of(
            version("v1", null, "f1", "f2", "x"),
            version("v2", "v1", "f2", "f3"),
            // a second branch from v1: v2's frames are not its ancestors'
            version("v3", "v1", "f4"),
            version("v4", "v3"));

    List<ContributionsView.Version> counted =
        Contributions.count(versions, Set.of("f1", "f2", "f3", "f4"));

    assertThat(counted)
        .extracting(v -> v.version() + " " + v.labels() + " " + v.labelsWithAncestors())
        .containsExactly("v1 2 2", "v2 2 3", "v3 1 3", "v4 0 3");
    assertThat(counted.get(1).parent()).isEqualTo("v1");
    assertThat(counted.get(0).publishedAt()).isEqualTo(1_000);
  }

  @Test
  void aLabellerWithNoVerifiedLabelsHasNoneInAnyVersion() {
    assertThat(Contributions.count(List.of(version("v1", null, "f1")), Set.of()))
        .extracting(ContributionsView.Version::labelsWithAncestors)
        .containsExactly(0L);
  }
}
