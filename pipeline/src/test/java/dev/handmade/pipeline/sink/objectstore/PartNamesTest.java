package dev.handmade.pipeline.sink.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartNamesTest {

  @Test
  void pendingAndFinalKeysFollowTheLayout() {
    assertThat(PartNames.pendingKey("audit", "j1", 3, 42, 1))
        .isEqualTo("audit/_pending/j1/00003-0000000042-0001.avro");
    assertThat(PartNames.finalKey("audit", "dt=2026-11-29/hour=08", "j1", 3, 42, 1))
        .isEqualTo("audit/dt=2026-11-29/hour=08/part-00003-0000000042-0001-j1.avro");
  }

  @Test
  void namesOfOneSubtaskSortInTheOrderTheyWereWritten() {
    String earlier = PartNames.finalKey("audit", "p", "j", 0, 9, 11);
    String later = PartNames.finalKey("audit", "p", "j", 0, 10, 0);

    assertThat(earlier).isLessThan(later);
    assertThat(PartNames.finalKey("audit", "p", "j", 0, 10, 2))
        .isLessThan(PartNames.finalKey("audit", "p", "j", 0, 10, 10));
  }

  @Test
  void parsesWhatItWrote() {
    assertThat(PartNames.parsePending(PartNames.pendingKey("a/b", "j", 7, 123, 4)))
        .containsExactly(7, 123);
    assertThat(PartNames.parsePending("a/_pending/j/notes.txt")).isNull();
    assertThat(PartNames.parsePending("a/_pending/j/x-1-2.avro")).isNull();
  }

  @Test
  void refusesPartitionsThatWouldBreakKeysOrHideFiles() {
    assertThat(PartNames.checkPartition("dt=2026-11-29/hour=08")).isNull();
    assertThat(PartNames.checkPartition("")).isNotNull();
    assertThat(PartNames.checkPartition("dt=1//x")).isNotNull();
    assertThat(PartNames.checkPartition("/dt=1")).isNotNull();
    assertThat(PartNames.checkPartition("_pending")).isNotNull();
    assertThat(PartNames.checkPartition("dt=1/.x")).isNotNull();
  }

  @Test
  void timePartitionsAreUtc() {
    Instant t = Instant.parse("2026-11-29T08:59:59.999Z");

    assertThat(TimePartitions.hour(t)).isEqualTo("dt=2026-11-29/hour=08");
    assertThat(TimePartitions.hour(Instant.parse("2026-11-29T23:00:00Z")))
        .isEqualTo("dt=2026-11-29/hour=23");
    assertThat(TimePartitions.day(t)).isEqualTo("dt=2026-11-29");
    assertThat(TimePartitions.day(Instant.parse("2026-12-31T23:59:59Z")))
        .isEqualTo("dt=2026-12-31");
  }
}
