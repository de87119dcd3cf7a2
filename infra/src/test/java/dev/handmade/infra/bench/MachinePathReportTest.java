package dev.handmade.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.infra.bench.MachinePathReport.Run;
import dev.handmade.infra.bench.TaskProfile.Activity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachinePathReportTest {

  private static final OperatorLoad SOURCE = load("Source: frames -> validate", 1, 150, 800, 50);
  private static final OperatorLoad AUDIT =
      load("decision events -> audit log: Writer", 1, 120, 0, 880);

  @Test
  void aRunThatKeepsNineTenthsOfRawInferenceMeetsTheTarget() {
    Run run =
        new Run(
            1,
            List.of(280.0, 290.0, 300.0),
            List.of(310.0, 320.0, 330.0),
            List.of(SOURCE, inference(1, 950, 950, 0, 50), AUDIT),
            4,
            Map.of());

    assertThat(run.ratio()).isEqualTo(290.0 / 320.0);
    assertThat(MachinePathReport.verdict(run, 2))
        .isEqualTo("keeps 0.91 of raw batched inference (target 0.9).");
  }

  @Test
  void aBusyInferenceTaskWithoutAProfileSharesTheCoresWithTheOtherTasks() {
    Run run =
        new Run(
            1,
            List.of(200.0),
            List.of(400.0),
            List.of(SOURCE, inference(1, 970, 970, 0, 30), AUDIT),
            4,
            Map.of());

    assertThat(MachinePathReport.verdict(run, 2))
        .startsWith(
            "keeps 0.50 of raw batched inference, under 0.9: inference is the bottleneck, busy 97%")
        .contains("(batched inference -> router)")
        .endsWith(
            "and to its share of the 2 cores with the other tasks, busy 0.27 cores together.");
  }

  @Test
  void theProfileSaysWhetherTheForwardPassItselfIsSlowerOrTheWorkAroundItTakesTheRest() {
    List<OperatorLoad> loads = List.of(SOURCE, inference(1, 970, 970, 0, 30), AUDIT);
    Map<Activity, Double> profile =
        Map.of(Activity.FORWARD_PASS, 0.5, Activity.SERIALISATION, 0.3, Activity.ROUTER, 0.2);

    String workAround =
        MachinePathReport.verdict(new Run(1, List.of(200.0), List.of(400.0), loads, 4, profile), 2);
    String slower =
        MachinePathReport.verdict(new Run(1, List.of(100.0), List.of(400.0), loads, 4, profile), 2);

    assertThat(workAround)
        .contains(
            "besides the forward pass: serialisation of records in and out 30%, router 20%. "
                + "At the job's pace the forward pass alone would give 400.0 frames/s against raw 400.0, so the forward "
                + "pass keeps its speed in the job and the rest is the work around it.");
    assertThat(slower)
        .contains(
            "the forward pass alone would give 200.0 frames/s against raw 400.0, so the "
                + "forward pass is itself slower in the job: it shares the 2 cores with the other tasks, busy 0.27 cores");
  }

  @Test
  void oneBusySubtaskAmongIdleOnesIsNamedAsUnevenKeys() {
    Run run =
        new Run(
            2,
            List.of(150.0),
            List.of(400.0),
            List.of(SOURCE, inference(2, 520, 990, 0, 480), AUDIT),
            4,
            Map.of(Activity.FORWARD_PASS, 0.45, Activity.WAITING, 0.5));

    assertThat(MachinePathReport.verdict(run, 2))
        .isEqualTo(
            "keeps 0.38 of raw batched inference, under 0.9: one "
                + "inference subtask is busy 99% of the time while the 2 average 52%: the frames' keys fall unevenly on the "
                + "subtasks, so the job runs at the pace of the busiest.");
  }

  @Test
  void aBackPressuredInferenceTaskNamesTheBusiestTaskBesideIt() {
    OperatorLoad slowSink = load("decision events -> audit log: Writer", 1, 990, 0, 10);
    Run run =
        new Run(
            1,
            List.of(100.0),
            List.of(300.0),
            List.of(SOURCE, inference(1, 300, 300, 650, 50), slowSink),
            4,
            Map.of());

    assertThat(MachinePathReport.verdict(run, 2))
        .isEqualTo(
            "keeps 0.33 of raw batched inference, under 0.9: "
                + "inference is back-pressured 65% of the time (busy 30%): it waits for a task after it; the busiest other "
                + "task is decision events -> audit log: Writer, busy 99%.");
  }

  @Test
  void anIdleInferenceTaskWaitsForFrames() {
    OperatorLoad busySource = load("Source: frames -> validate", 1, 1000, 0, 0);
    Run run =
        new Run(
            1,
            List.of(150.0),
            List.of(300.0),
            List.of(busySource, inference(1, 400, 400, 0, 600), AUDIT),
            4,
            Map.of());

    assertThat(MachinePathReport.verdict(run, 2))
        .startsWith(
            "keeps 0.50 of raw batched inference, under 0.9: "
                + "inference is idle 60% of the time (busy 40%): frames do not reach it fast enough; the busiest other "
                + "task is Source: frames -> validate, busy 100%");
  }

  @Test
  void theTableGivesMedianRangeEachTasksSharesAndTheProfile() {
    Run run =
        new Run(
            1,
            List.of(250.0, 200.0, 260.0),
            List.of(300.0, 320.0, 310.0),
            List.of(SOURCE, inference(1, 970, 970, 0, 30), AUDIT),
            4,
            Map.of(Activity.FORWARD_PASS, 0.75, Activity.ROUTER, 0.25));

    List<String> lines = MachinePathReport.lines(List.of(run), 2);

    assertThat(lines.get(1))
        .isEqualTo(
            "1            250.0 (200.0-260.0)        310.0 (300.0-320.0)        0.81 (0.63-0.87)");
    assertThat(lines.get(3))
        .contains("Source: frames -> validate x1")
        .endsWith("15%          15%             80%    5%");
    assertThat(lines.get(6)).isEqualTo("    checkpoints completed while measured: 4");
    assertThat(lines.get(7))
        .isEqualTo(
            "    inference task's threads, sampled: forward pass (FrameClassifier.predict) 75%, router 25%");
    assertThat(lines).hasSize(9);
  }

  @Test
  void aRunUnderTheTargetWithoutAnInferenceTaskIsAnError() {
    Run run = new Run(1, List.of(100.0), List.of(300.0), List.of(SOURCE, AUDIT), 4, Map.of());

    assertThatThrownBy(() -> MachinePathReport.verdict(run, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batched inference");
  }

  private static OperatorLoad load(
      String name, int parallelism, double busy, double backPressured, double idle) {
    return new OperatorLoad(name, parallelism, busy, busy, backPressured, idle);
  }

  private static OperatorLoad inference(
      int parallelism, double busy, double busiest, double backPressured, double idle) {
    return new OperatorLoad(
        "batched inference -> router", parallelism, busy, busiest, backPressured, idle);
  }
}
