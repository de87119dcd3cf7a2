package dev.handmade.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.infra.cli.BenchLoopCommand.HumanLatency;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.HumanProvenance;
import dev.handmade.schema.MachineProvenance;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchLoopHumanLatencyTest {

  private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void peopleArePutOnAuditSamplesAndTheJobOnPeoplesDecisions() {
    List<Decision> decisions =
        List.of(
            machine("audited", Route.AUDIT_SAMPLE, T0),
            machine("confident", Route.CONFIDENT, T0),
            people("uncertain", T0.plusMillis(9_500)),
            machine("audited-unanswered", Route.AUDIT_SAMPLE, T0));
    List<HumanLabel> labels =
        List.of(label("audited", T0.plusMillis(7_000)), label("uncertain", T0.plusMillis(9_000)));

    HumanLatency latency = BenchLoopCommand.humanLatency(decisions, labels);

    assertThat(latency.routingToLabel()).containsExactly(7_000L);
    assertThat(latency.labelToDecision()).containsExactly(500L);
  }

  private static Decision machine(String frameId, Route route, Instant at) {
    return Decision.newBuilder()
        .setFrameId(frameId)
        .setLabel(ObjectClass.CAR)
        .setMadeBy(DecisionMaker.MACHINE)
        .setRoute(route)
        .setDecidedAt(at)
        .setMachine(
            MachineProvenance.newBuilder()
                .setModelVersion("v1")
                .setConfidence(0.99f)
                .setUncertainty(0.01f)
                .setThreshold(0.9f)
                .build())
        .build();
  }

  private static Decision people(String frameId, Instant at) {
    return Decision.newBuilder()
        .setFrameId(frameId)
        .setLabel(ObjectClass.CAR)
        .setMadeBy(DecisionMaker.HUMAN)
        .setRoute(Route.UNCERTAIN)
        .setDecidedAt(at)
        .setHuman(
            HumanProvenance.newBuilder()
                .setTaskId(frameId)
                .setAnswers(List.of())
                .setAgreement(1f)
                .build())
        .build();
  }

  private static HumanLabel label(String frameId, Instant verifiedAt) {
    return HumanLabel.newBuilder()
        .setSequence(1)
        .setTaskId(frameId)
        .setFrameId(frameId)
        .setKind(TaskKind.AUDIT)
        .setLabel(ObjectClass.CAR)
        .setAnswers(List.of())
        .setAgreement(1f)
        .setVerifiedAt(verifiedAt)
        .build();
  }
}
