package dev.handmade.audit.report;

import static dev.handmade.audit.SampleLogs.START;
import static dev.handmade.audit.SampleLogs.answer;
import static dev.handmade.audit.SampleLogs.event;
import static dev.handmade.audit.SampleLogs.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.report.AuditReport.AccuracyAgainstTruth;
import dev.handmade.audit.report.AuditReport.MachineAccuracy;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.TruthInterval;
import dev.handmade.audit.report.LabourInput.LabellerGold;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The machine's accuracy against the truth, with hand-worked numbers: 100 audit samples where the
 * machine said CAR and people verified CAR on 70, TREE on 30. With the verified label taken as
 * right, the 95% Wilson interval of 70 of 100 is [0.604151, 0.781051].
 */
class AccuracyAgainstTruthTest {

  private static final Pseudonyms PSEUDONYMS = Pseudonyms.withKey("test-key");
  private static final double LOWER = 0.6041514536665332;
  private static final double UPPER = 0.7810511470506724;

  @Test
  void labelsThatCannotBeWrongLeaveTheIntervalAsItWas() {
    // a gold record of a billion right answers: accuracy 1 - 1e-9
    MachineAccuracy accuracy =
        report(
            samples("alice"),
            List.of(),
            List.of(new LabellerGold("alice", 1_000_000_000, 1_000_000_000)));
    TruthInterval truth = accuracy.againstTruth().overall();
    assertThat(truth.wrongLabels()).isCloseTo(0, within(1e-8));
    assertThat(truth.lower()).isCloseTo(accuracy.overall().lower(), within(1e-8));
    assertThat(truth.upper()).isCloseTo(accuracy.overall().upper(), within(1e-8));
    assertThat(accuracy.againstTruth().basis()).isEqualTo(AccuracyAgainstTruth.GOLD);
  }

  @Test
  void singleLabelsByALabellerRightNineTimesInTenWidenTheIntervalByATenth() {
    // (899 + 1) / (998 + 2) = 0.9; the service serves an auditor the labeller's pseudonym
    MachineAccuracy accuracy =
        report(
            samples("alice"),
            List.of(),
            List.of(new LabellerGold(PSEUDONYMS.of("alice"), 998, 899)));
    assertThat(accuracy.overall()).isEqualTo(Wilson.proportion("all", 100, 70));
    assertThat(accuracy.overall().lower()).isCloseTo(LOWER, within(1e-12));
    assertThat(accuracy.assumption()).isEqualTo(MachineAccuracy.AS_VERIFIED);
    AccuracyAgainstTruth againstTruth = accuracy.againstTruth();
    TruthInterval truth = againstTruth.overall();
    assertThat(truth.n()).isEqualTo(100);
    assertThat(truth.agreed()).isEqualTo(70);
    assertThat(truth.agreement()).isEqualTo(0.7);
    assertThat(truth.wrongLabels()).isCloseTo(0.1, within(1e-12));
    assertThat(truth.lower()).isCloseTo(LOWER - 0.1, within(1e-12));
    assertThat(truth.upper()).isCloseTo(UPPER + 0.1, within(1e-12));
    assertThat(againstTruth.basis()).isEqualTo(AccuracyAgainstTruth.GOLD);
    assertThat(againstTruth.labelsByGold()).isEqualTo(100);
    assertThat(againstTruth.labelsByConsensus()).isZero();
    assertThat(againstTruth.labellersWithGold()).isEqualTo(1);
    assertThat(againstTruth.byVersion())
        .singleElement()
        .isEqualTo(
            new TruthInterval(
                "v1", 100, 70, 0.7, truth.wrongLabels(), truth.lower(), truth.upper()));
    assertThat(againstTruth.byClass()).extracting(TruthInterval::key).containsExactly("CAR");
  }

  @Test
  void withoutGoldRecordsTheConsensusDisagreementBoundsTheLabels() {
    // two people agreed on every sample (200 answers); on 10 other frames one of two dissented:
    // 10 of 220 answers disagreed, upper end of their 95% interval p = 0.0816359, and a label two
    // people agreed on is wrong with at most p^2 = 0.0066644
    List<AuditEvent> events = samples("alice", "bob");
    for (int i = 0; i < 10; i++) {
      events.add(
          event(
              label(
                  1000 + i,
                  "u" + i,
                  TaskKind.UNCERTAIN,
                  ObjectClass.CAR,
                  List.of(
                      answer("alice", ObjectClass.CAR, START),
                      answer("bob", ObjectClass.TREE, START)))));
    }
    MachineAccuracy accuracy = report(events, List.of(), List.of());
    AccuracyAgainstTruth againstTruth = accuracy.againstTruth();
    assertThat(againstTruth.basis()).isEqualTo(AccuracyAgainstTruth.CONSENSUS);
    assertThat(againstTruth.personErrorBound()).isCloseTo(0.0816359, within(1e-7));
    assertThat(againstTruth.labelsByConsensus()).isEqualTo(100);
    TruthInterval truth = againstTruth.overall();
    assertThat(truth.wrongLabels()).isCloseTo(0.0066644, within(1e-7));
    assertThat(truth.lower()).isCloseTo(LOWER - 0.0066644, within(1e-7));
    assertThat(truth.upper()).isCloseTo(UPPER + 0.0066644, within(1e-7));
  }

  @Test
  void aLabellerWithoutAGoldRecordIsPricedByTheConsensusBound() {
    // alice (gold 0.9) verified the first 50 samples, carol (no gold record) the other 50; no
    // frame has two answers, so nothing bounds carol's error: her labels count as wrong
    List<AuditEvent> events = new ArrayList<>();
    for (AuditEvent e : samples("alice")) {
      HumanLabel l = e.getLabel();
      if (l != null && l.getSequence() % 2 == 1) {
        l.setAnswers(List.of(answer("carol", l.getLabel(), START)));
      }
      events.add(e);
    }
    MachineAccuracy accuracy =
        report(
            events,
            List.of(),
            List.of(new LabellerGold("alice", 998, 899), new LabellerGold("carol", 0, 0)));
    AccuracyAgainstTruth againstTruth = accuracy.againstTruth();
    assertThat(againstTruth.labelsByGold()).isEqualTo(50);
    assertThat(againstTruth.labelsByConsensus()).isEqualTo(50);
    assertThat(againstTruth.labellersWithGold())
        .as("a record of no gold answers says nothing")
        .isEqualTo(1);
    assertThat(againstTruth.basis()).isEqualTo("gold accuracy and consensus disagreement");
    assertThat(againstTruth.personErrorBound()).isEqualTo(1);
    assertThat(againstTruth.overall().wrongLabels())
        .isCloseTo((50 * 0.1 + 50 * 1.0) / 100, within(1e-12));
    assertThat(againstTruth.overall().lower()).isCloseTo(LOWER - 0.55, within(1e-12));
    assertThat(againstTruth.overall().upper()).as("within [0, 1]").isEqualTo(1);
  }

  @Test
  void withoutAuditSamplesBothIntervalsAreEverything() {
    MachineAccuracy accuracy = report(new ArrayList<>(), List.of(), List.of());
    Proportion asVerified = accuracy.overall();
    TruthInterval truth = accuracy.againstTruth().overall();
    assertThat(List.of(asVerified.n(), truth.n())).containsOnly(0L);
    assertThat(List.of(asVerified.lower(), truth.lower())).containsOnly(0.0);
    assertThat(List.of(asVerified.upper(), truth.upper())).containsOnly(1.0);
  }

  /** 100 audit samples of v1 saying CAR; people verified CAR on the first 70, TREE on the rest. */
  private static List<AuditEvent> samples(String... labellers) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Instant at = START.plusSeconds(i);
      events.add(event(machine("a" + i, Route.AUDIT_SAMPLE, "v1", ObjectClass.CAR, 0.97f, at)));
      ObjectClass verified = i < 70 ? ObjectClass.CAR : ObjectClass.TREE;
      List<LabellerAnswer> answers = new ArrayList<>();
      for (String labeller : labellers) {
        answers.add(answer(labeller, verified, at));
      }
      events.add(event(label(i, "a" + i, TaskKind.AUDIT, verified, answers)));
    }
    return events;
  }

  private static HumanLabel label(
      long sequence,
      String frameId,
      TaskKind kind,
      ObjectClass label,
      List<LabellerAnswer> answers) {
    return HumanLabel.newBuilder()
        .setSequence(sequence)
        .setTaskId(frameId)
        .setFrameId(frameId)
        .setKind(kind)
        .setOutcome(LabelOutcome.VERIFIED)
        .setLabel(label)
        .setAnswers(answers)
        .setAgreement(1f)
        .setVerifiedAt(START.plusSeconds(sequence))
        .build();
  }

  private static MachineAccuracy report(
      List<AuditEvent> events, List<LabourInput.LabellerDay> days, List<LabellerGold> gold) {
    AuditLogContents log =
        new AuditLogContents(
            "s3://test/audit/", events, new ChainVerification(1, events.size(), "ab", List.of()));
    return new AuditReportBuilder(PSEUDONYMS)
        .build(
            log, List.of(), new LabourInput("test", "EUR", 0, days, gold), START.plusSeconds(3600))
        .accuracy();
  }
}
