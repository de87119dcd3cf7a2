package dev.handmade.infra.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.progress.RecentDecisions.Count;
import dev.handmade.infra.progress.ProgressLine.Model;
import dev.handmade.infra.progress.ProgressLine.Queue;
import dev.handmade.infra.progress.ProgressLine.Round;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  private static final Instant AT = Instant.parse("2026-11-30T16:42:03Z");
  private static final Round REJECTED =
      new Round(
          12,
          Instant.parse("2026-11-30T16:41:30Z"),
          "rejected: on 145 calibration frames no confidence threshold reaches 95%, while the "
              + "deployed v1 lets the machine decide above 0.7820\n");

  @Test
  void saysWhoDecidedWhatDecidesAndWhatWaits() {
    ProgressLine line =
        new ProgressLine(
            AT,
            new Count(185, 113, 12, List.of()),
            Optional.of(new Model("v7", 0.91234, 0.95)),
            Optional.of(new Queue(38, 3)),
            Optional.of(REJECTED),
            List.of());

    assertThat(line.text())
        .isEqualTo(
            "[progress 16:42 UTC] last minute: machine 62.1% of 298 "
                + "decisions (185 machine, 113 people) | model v7 decides above confidence 0.912 "
                + "(target 95%) | queue 41 (38 open, 3 escalated) | round 12 at 16:41: rejected: on 145 "
                + "calibration frames no confidence threshold reaches 95%, while the deployed v1 lets "
                + "the machine decide above 0.7820");
  }

  @Test
  void aThresholdAboveOneSendsEverythingToPeople() {
    ProgressLine line =
        new ProgressLine(
            AT,
            new Count(0, 240, 12, List.of()),
            Optional.of(new Model("v3", 1.000000001, 0.95)),
            Optional.of(new Queue(1100, 0)),
            Optional.empty(),
            List.of());

    assertThat(line.text())
        .contains(
            "last minute: machine 0% of 240 decisions (0 machine, " + "240 people)",
            "model v3: everything to people (no confidence threshold reaches 95%)",
            "queue 1,100 (1,100 open, 0 escalated)",
            "no training round yet");
  }

  @Test
  void saysWhenNothingWasCommitted() {
    ProgressLine line =
        new ProgressLine(
            AT,
            new Count(0, 0, 0, List.of()),
            Optional.empty(),
            Optional.of(new Queue(0, 0)),
            Optional.empty(),
            List.of());

    assertThat(line.text())
        .startsWith(
            "[progress 16:42 UTC] last minute: nothing committed to "
                + "the audit log | no model deployed");
  }

  @Test
  void beforeTheFirstModelAndWithPartsMissing() {
    ProgressLine line =
        new ProgressLine(
            AT,
            new Count(0, 0, 2, List.of("audit/x.avro: IOException: Not an Avro data file")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of("queue (http://127.0.0.1:8086/api/queue: java.net.ConnectException)"));

    assertThat(line.text())
        .isEqualTo(
            "[progress 16:42 UTC] last minute: no decisions, 1 audit "
                + "file unreadable (handmade verify names them) | no model deployed: everything to "
                + "people | queue unknown | no training round yet | could not read: queue "
                + "(http://127.0.0.1:8086/api/queue: java.net.ConnectException)");
  }
}
