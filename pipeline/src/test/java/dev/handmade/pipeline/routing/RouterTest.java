package dev.handmade.pipeline.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.pipeline.inference.ScoredFrame;
import dev.handmade.pipeline.support.TestFrames;
import dev.handmade.pipeline.training.EvidenceSplit;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RouterTest {

  private static ScoredFrame scored(long i, float confidence, double threshold) {
    Frame f = TestFrames.frame(i);
    return new ScoredFrame(f, TestFrames.prediction(f, ObjectClass.CAR, confidence), threshold);
  }

  private static OneInputStreamOperatorTestHarness<ScoredFrame, Decision> harness(Router router)
      throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(router);
  }

  @Test
  void withoutAModelEveryFrameGoesToPeople() throws Exception {
    var h = harness(new Router(0.02, 0, new EvidenceSplit(20, 2)));
    Frame f = TestFrames.frame(1);
    h.processElement(new ScoredFrame(f, null, Double.NaN), 0);

    assertThat(h.extractOutputValues()).isEmpty();
    List<LabelTask> tasks = values(h.getSideOutput(Router.TASKS));
    assertThat(tasks)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getFrameId()).isEqualTo(f.getFrameId());
              assertThat(t.getKind()).isEqualTo(TaskKind.UNCERTAIN);
              assertThat(t.getFrame()).isEqualTo(f);
            });
    assertThat(values(h.getSideOutput(Router.PENDING)))
        .singleElement()
        .satisfies(p -> assertThat(p.route()).isEqualTo(Route.NO_MODEL));
  }

  @Test
  void belowTheThresholdPeopleDecideAboveItTheMachine() throws Exception {
    var h = harness(new Router(0.0, 0, new EvidenceSplit(20, 2)));
    h.processElement(scored(1, 0.6f, 0.8), 0);
    h.processElement(scored(2, 0.9f, 0.8), 0);

    List<Decision> decisions = h.extractOutputValues();
    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getFrameId()).isEqualTo(TestFrames.frame(2).getFrameId());
              assertThat(d.getMadeBy()).isEqualTo(DecisionMaker.MACHINE);
              assertThat(d.getRoute()).isEqualTo(Route.CONFIDENT);
              assertThat(d.getMachine().getModelVersion()).isEqualTo("v3");
              assertThat((double) d.getMachine().getThreshold()).isCloseTo(0.8, within(1e-6));
            });
    List<LabelTask> tasks = values(h.getSideOutput(Router.TASKS));
    assertThat(tasks)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getFrameId()).isEqualTo(TestFrames.frame(1).getFrameId());
              // the less sure the model, the higher the priority
              assertThat(t.getPriority()).isCloseTo(0.4, within(1e-6));
              assertThat(t.getMachineOpinion()).isNotNull();
            });
  }

  @Test
  void aboutTheAuditRateOfConfidentFramesIsSampledAndTheDrawIsStable() throws Exception {
    var first = harness(new Router(0.1, 0, new EvidenceSplit(20, 2)));
    var second = harness(new Router(0.1, 0, new EvidenceSplit(20, 2)));
    for (int i = 0; i < 3000; i++) {
      first.processElement(scored(i, 0.99f, 0.5), i);
      second.processElement(scored(i, 0.99f, 0.5), i);
    }
    List<Decision> decisions = first.extractOutputValues();
    assertThat(decisions).hasSize(3000);
    long audited = decisions.stream().filter(d -> d.getRoute() == Route.AUDIT_SAMPLE).count();
    assertThat(audited).isBetween(240L, 360L);
    List<LabelTask> tasks = values(first.getSideOutput(Router.TASKS));
    assertThat(tasks).hasSize((int) audited).allMatch(t -> t.getKind() == TaskKind.AUDIT);
    // a replay draws the same frames
    assertThat(ids(values(second.getSideOutput(Router.TASKS)))).isEqualTo(ids(tasks));
  }

  @Test
  void overCapacityTheMachineDecidesAndSaysSo() throws Exception {
    var h = harness(new Router(0.0, 10, new EvidenceSplit(20, 2)));
    for (int i = 0; i < 40; i++) {
      h.processElement(scored(i, 0.3f + (i % 5) * 0.05f, 0.9), 0);
    }
    List<LabelTask> tasks = values(h.getSideOutput(Router.TASKS));
    List<Decision> decisions = h.extractOutputValues();
    assertThat(tasks.size()).isLessThanOrEqualTo(10);
    assertThat(tasks.size() + decisions.size()).isEqualTo(40);
    assertThat(decisions)
        .allMatch(
            d -> d.getRoute() == Route.OVER_CAPACITY && d.getMadeBy() == DecisionMaker.MACHINE);
    // the first half of the budget goes to whatever comes; the rest only to the more uncertain
    // frames, which are more uncertain than the stream's average of 0.6
    assertThat(tasks).hasSize(10);
    double tightBudgetMean =
        tasks.subList(5, 10).stream().mapToDouble(LabelTask::getPriority).average().orElseThrow();
    assertThat(tightBudgetMean).isGreaterThan(0.6);
  }

  private static <T> List<T> values(java.util.Queue<StreamRecord<T>> records) {
    return records == null
        ? List.of()
        : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
  }

  private static List<String> ids(List<LabelTask> tasks) {
    return tasks.stream().map(LabelTask::getFrameId).toList();
  }
}
