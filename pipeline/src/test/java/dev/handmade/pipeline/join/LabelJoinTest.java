package dev.handmade.pipeline.join;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.pipeline.support.TestFrames;
import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabelJoinTest {

  private KeyedTwoInputStreamOperatorTestHarness<String, PendingFrame, HumanLabel, Decision>
      harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new LabelJoin(Duration.ofMinutes(5)),
            PendingFrame::frameId,
            HumanLabel::getFrameId,
            Types.STRING);
    harness.setProcessingTime(1_000);
  }

  private static PendingFrame pending(Frame f, Route route, boolean withPrediction) {
    return new PendingFrame(
        f,
        withPrediction ? TestFrames.prediction(f, ObjectClass.TRUCK, 0.55f) : null,
        route,
        0.8,
        1_000,
        route == Route.AUDIT_SAMPLE ? 0.02 : 1.0);
  }

  private static HumanLabel label(Frame f, LabelOutcome outcome, ObjectClass label, long sequence) {
    LabellerAnswer a =
        LabellerAnswer.newBuilder()
            .setLabellerId("ann")
            .setAnswer(label == null ? ObjectClass.TREE : label)
            .setActiveMillis(4_000)
            .setPayCents(5)
            .setAnsweredAt(Instant.EPOCH)
            .build();
    LabellerAnswer b =
        LabellerAnswer.newBuilder(a).setLabellerId("bob").setActiveMillis(6_000).build();
    return HumanLabel.newBuilder()
        .setSequence(sequence)
        .setTaskId(f.getFrameId())
        .setFrameId(f.getFrameId())
        .setKind(TaskKind.UNCERTAIN)
        .setOutcome(outcome)
        .setLabel(label)
        .setAnswers(List.of(a, b))
        .setAgreement(1f)
        .setReason(outcome == LabelOutcome.UNRESOLVED ? "no majority among 5" : null)
        .setVerifiedAt(Instant.EPOCH)
        .build();
  }

  @Test
  void aVerifiedLabelBecomesTheDecisionAndATrainingExample() throws Exception {
    Frame f = TestFrames.frame(1);
    harness.processElement1(pending(f, Route.UNCERTAIN, true), 0);
    harness.processElement2(label(f, LabelOutcome.VERIFIED, ObjectClass.CAR, 1), 0);

    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getMadeBy()).isEqualTo(DecisionMaker.HUMAN);
              assertThat(d.getLabel()).isEqualTo(ObjectClass.CAR);
              assertThat(d.getRoute()).isEqualTo(Route.UNCERTAIN);
              assertThat(d.getHuman().getAnswers()).hasSize(2);
              assertThat(d.getHuman().getMachineOpinion().getPredicted())
                  .isEqualTo(ObjectClass.TRUCK);
            });
    assertThat(values(harness.getSideOutput(LabelJoin.TRAINING)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLabel()).isEqualTo(ObjectClass.CAR);
              assertThat(e.getOrigin()).isEqualTo(LabelOrigin.HUMAN);
              assertThat(e.getLabellerIds()).containsExactly("ann", "bob");
              assertThat(e.getActiveMillis()).isEqualTo(10_000);
              assertThat(e.getCostCents()).isEqualTo(10);
              assertThat(e.getFrame()).isEqualTo(f);
              assertThat(e.getRoute()).isEqualTo(Route.UNCERTAIN);
              assertThat(e.getInclusionProbability()).isEqualTo(1.0);
              assertThat(e.getAgreeingAnswers())
                  .as("both answers name the verified label")
                  .isEqualTo(2);
            });
  }

  @Test
  void anAuditLabelTrainsButDoesNotDecideAgain() throws Exception {
    Frame f = TestFrames.frame(2);
    harness.processElement1(pending(f, Route.AUDIT_SAMPLE, true), 0);
    harness.processElement2(label(f, LabelOutcome.VERIFIED, ObjectClass.TRUCK, 2), 0);
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(values(harness.getSideOutput(LabelJoin.TRAINING)))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getRoute()).isEqualTo(Route.AUDIT_SAMPLE);
              assertThat(e.getInclusionProbability())
                  .as("weighted as evidence by 1 / audit rate")
                  .isEqualTo(0.02);
            });
  }

  @Test
  void whenPeopleCannotAgreeTheMachinesGuessStandsAndSaysSo() throws Exception {
    Frame f = TestFrames.frame(3);
    harness.processElement1(pending(f, Route.UNCERTAIN, true), 0);
    harness.processElement2(label(f, LabelOutcome.UNRESOLVED, null, 3), 0);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getRoute()).isEqualTo(Route.UNRESOLVED);
              assertThat(d.getMadeBy()).isEqualTo(DecisionMaker.MACHINE);
              assertThat(d.getLabel()).isEqualTo(ObjectClass.TRUCK);
              assertThat(d.getHuman()).isNotNull();
            });
    assertThat(values(harness.getSideOutput(LabelJoin.TRAINING))).isNull();
  }

  @Test
  void aFrameNobodyAnswersExpiresWithOneRecordedDecision() throws Exception {
    Frame f = TestFrames.frame(4);
    harness.processElement1(pending(f, Route.NO_MODEL, false), 0);
    harness.setProcessingTime(1_000 + Duration.ofMinutes(5).toMillis());
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getRoute()).isEqualTo(Route.EXPIRED);
              assertThat(d.getFrameId()).isEqualTo(f.getFrameId());
            });
    // a label arriving after that is not lost: it is recorded as rejected, with the reason
    harness.processElement2(label(f, LabelOutcome.VERIFIED, ObjectClass.CAR, 9), 0);
    harness.setProcessingTime(1_000 + Duration.ofMinutes(20).toMillis());
    List<DeadLetter> rejected = values(harness.getSideOutput(LabelJoin.REJECTED));
    assertThat(rejected)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getFrameId()).isEqualTo(f.getFrameId());
              assertThat(d.getReason()).contains("not waiting");
            });
    assertThat(harness.extractOutputValues()).hasSize(1);
  }

  @Test
  void aLabelThatOvertakesItsFrameStillJoins() throws Exception {
    Frame f = TestFrames.frame(5);
    harness.processElement2(label(f, LabelOutcome.VERIFIED, ObjectClass.POLE, 5), 0);
    harness.processElement1(pending(f, Route.UNCERTAIN, true), 0);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(d -> assertThat(d.getLabel()).isEqualTo(ObjectClass.POLE));
  }

  @Test
  void stateSurvivesASnapshotAndRestore() throws Exception {
    Frame f = TestFrames.frame(6);
    harness.processElement1(pending(f, Route.UNCERTAIN, true), 0);
    var snapshot = harness.snapshot(1, 2_000);
    harness.close();

    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new LabelJoin(Duration.ofMinutes(5))),
            PendingFrame::frameId,
            HumanLabel::getFrameId,
            Types.STRING);
    harness.initializeState(snapshot);
    harness.open();
    harness.processElement2(label(f, LabelOutcome.VERIFIED, ObjectClass.CYCLIST, 6), 0);
    assertThat(harness.extractOutputValues())
        .singleElement()
        .satisfies(d -> assertThat(d.getLabel()).isEqualTo(ObjectClass.CYCLIST));
  }

  private static <T> List<T> values(java.util.Queue<StreamRecord<T>> records) {
    return records == null
        ? null
        : records.stream().map(StreamRecord::getValue).collect(Collectors.toList());
  }
}
