package dev.handmade.audit.report;

import static dev.handmade.audit.SampleLogs.START;
import static dev.handmade.audit.SampleLogs.event;
import static dev.handmade.audit.SampleLogs.human;
import static dev.handmade.audit.SampleLogs.label;
import static dev.handmade.audit.SampleLogs.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.audit.AuditSnapshot;
import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.provenance.FrameProvenance;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.Share;
import dev.handmade.audit.report.LabourInput.LabellerDay;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditReportBuilderTest {

  private static final Pseudonyms PSEUDONYMS = Pseudonyms.withKey("test-key");

  /**
   * v1: 6 confident machine decisions (2 of them audit samples, one of which people contradict),
   * 1 over capacity; 3 people decisions (one without a model, two where v1 disagreed once).
   */
  private static List<AuditEvent> events() {
    List<AuditEvent> e = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      e.add(
          event(
              machine(
                  "m" + i, Route.CONFIDENT, "v1", ObjectClass.CAR, 0.97f, START.plusSeconds(i))));
    }
    e.add(
        event(
            machine(
                "a1", Route.AUDIT_SAMPLE, "v1", ObjectClass.CAR, 0.96f, START.plusSeconds(10))));
    e.add(
        event(
            machine(
                "a2", Route.AUDIT_SAMPLE, "v1", ObjectClass.TREE, 0.95f, START.plusSeconds(11))));
    e.add(
        event(
            machine(
                "o1", Route.OVER_CAPACITY, "v1", ObjectClass.POLE, 0.5f, START.plusSeconds(12))));
    e.add(event(label(1, "a1", TaskKind.AUDIT, ObjectClass.CAR, "alice", START.plusSeconds(20))));
    e.add(event(label(2, "a2", TaskKind.AUDIT, ObjectClass.POLE, "bob", START.plusSeconds(21))));
    e.add(
        event(
            label(
                3, "h0", TaskKind.UNCERTAIN, ObjectClass.CYCLIST, "alice", START.plusSeconds(22))));
    e.add(event(human("h0", null, null, ObjectClass.CYCLIST, "alice", START.plusSeconds(22))));
    e.add(
        event(human("h1", "v1", ObjectClass.CAR, ObjectClass.CAR, "bob", START.plusSeconds(3600))));
    e.add(
        event(
            human("h2", "v1", ObjectClass.CAR, ObjectClass.TRUCK, "bob", START.plusSeconds(3601))));
    return e;
  }

  private static ModelVersion version(
      int n,
      String parent,
      long labels,
      List<String> labellers,
      double hours,
      long cents,
      List<String> frames) {
    return ModelVersion.newBuilder()
        .setVersion("v" + n)
        .setNumber(n)
        .setParent(parent)
        .setCreatedAt(START.plusSeconds(n))
        .setModelFile("model.zip")
        .setModelSha256("00")
        .setTrainingExamples(100 * n)
        .setTrainingDescription("test")
        .setEvaluation(
            Evaluation.newBuilder()
                .setExamples(10)
                .setAccuracy(0.9)
                .setExpectedCalibrationError(0.02)
                .setPerClass(List.of())
                .setConfusion(List.of())
                .setEvaluatedOn("held out")
                .build())
        .setTemperature(1.0)
        .setConfidenceThreshold(0.9)
        .setTargetAccuracy(0.95)
        .setLabour(
            LabourSummary.newBuilder()
                .setHumanLabels(labels)
                .setLabellerIds(labellers)
                .setActiveHours(hours)
                .setCostCents(cents)
                .build())
        .setTrainingFrameIds(frames)
        .build();
  }

  private static AuditSnapshot snapshot(LabourInput labour) {
    List<ModelVersion> versions =
        List.of(
            version(1, null, 150, List.of("alice", "bob"), 2.0, 1000, List.of("h0")),
            version(2, "v1", 40, List.of("bob", "carol"), 0.5, 300, List.of("h1")),
            version(3, "v2", 10, List.of("dave"), 0.1, 50, List.of()));
    AuditLogContents log =
        new AuditLogContents(
            "s3://test/audit/", events(), new ChainVerification(1, 14, "ab", List.of()));
    return AuditSnapshot.of(
        log, versions, labour, Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void countsEveryDecisionOnceByWhoMadeIt() {
    AuditReport report = snapshot(LabourInput.none()).report(PSEUDONYMS);
    assertThat(report.sources().decisions()).isEqualTo(10);
    assertThat(report.sources().humanLabels()).isEqualTo(3);
    assertThat(report.decisions().overall()).isEqualTo(new Share("all", 7, 3));
    assertThat(report.decisions().byVersion())
        .containsExactly(new Share("none", 0, 1), new Share("v1", 7, 2));
    AuditReport.Timeline timeline = report.decisions().overTime();
    assertThat(timeline.bucket()).as("an hour and a second of log: minutes").isEqualTo("minute");
    assertThat(timeline.points())
        .hasSize(61)
        .allSatisfy(p -> assertThat(p.end()).isEqualTo(p.start().plusSeconds(60)));
    assertThat(timeline.points().get(0))
        .isEqualTo(new AuditReport.TimePoint(START, START.plusSeconds(60), 7, 1, 3, 3));
    assertThat(timeline.points().get(1).machineShare()).as("an empty minute has no share").isNull();
    assertThat(timeline.points().get(60))
        .isEqualTo(
            new AuditReport.TimePoint(
                START.plusSeconds(3600), START.plusSeconds(3660), 0, 2, 0, 3));
    assertThat(report.decisions().byVehicle())
        .containsExactly(new Share("sim-vehicle-1", 7, 0), new Share("sim-vehicle-2", 0, 3));
    assertThat(report.decisions().byClass().stream().mapToLong(Share::total).sum()).isEqualTo(10);
    assertThat(report.decisions().byRoute())
        .extracting(AuditReport.RouteCount::decisions)
        .containsExactly(
            2L, 4L, 1L, 1L, 2L); // AUDIT_SAMPLE, CONFIDENT, NO_MODEL, OVER_CAPACITY, UNCERTAIN
  }

  /**
   * A 22-minute run, a decision every 10 seconds: the machine takes over from minute 10 while
   * people verify a label for each of their decisions and an audit label every minute, one of
   * which they cannot agree on.
   */
  @Test
  void aShortRunIsDrawnInMinutesAgainstTheLabelsSpent() {
    List<AuditEvent> e = new ArrayList<>();
    long sequence = 0;
    for (int s = 0; s < 22 * 60; s += 10) {
      Instant at = START.plusSeconds(5 + s);
      if (s < 10 * 60) {
        e.add(event(human("h" + s, "v1", ObjectClass.CAR, ObjectClass.CAR, "bob", at)));
        e.add(event(label(++sequence, "h" + s, TaskKind.UNCERTAIN, ObjectClass.CAR, "bob", at)));
      } else {
        e.add(event(machine("m" + s, Route.CONFIDENT, "v1", ObjectClass.CAR, 0.97f, at)));
      }
      if (s % 60 == 0) {
        HumanLabel audit = label(++sequence, "a" + s, TaskKind.AUDIT, ObjectClass.CAR, "ann", at);
        if (s == 15 * 60) {
          audit.setOutcome(LabelOutcome.UNRESOLVED);
          audit.setLabel(null);
        }
        e.add(event(audit));
      }
    }
    AuditLogContents log =
        new AuditLogContents(
            "s3://test/audit/", e, new ChainVerification(1, e.size(), "ab", List.of()));
    AuditReport.Timeline timeline =
        new AuditReportBuilder(PSEUDONYMS)
            .build(log, List.of(), LabourInput.none(), START)
            .decisions()
            .overTime();

    assertThat(timeline.bucket()).isEqualTo("minute");
    assertThat(timeline.bucketSeconds()).isEqualTo(60);
    assertThat(timeline.points()).hasSize(22);
    assertThat(timeline.points()).extracting(AuditReport.TimePoint::total).containsOnly(6L);
    assertThat(timeline.points().subList(0, 10))
        .allSatisfy(p -> assertThat(p.machineShare()).isZero())
        .allSatisfy(p -> assertThat(p.verifiedLabels()).isEqualTo(7));
    assertThat(timeline.points().subList(10, 22))
        .allSatisfy(p -> assertThat(p.machineShare()).isEqualTo(1.0));
    assertThat(timeline.points().get(15).verifiedLabels()).as("unresolved: no label").isZero();
    assertThat(timeline.points())
        .extracting(AuditReport.TimePoint::verifiedLabelsSoFar)
        .startsWith(7L, 14L)
        .endsWith(70L + 11 - 1, 70L + 11)
        .isSorted();
  }

  @Test
  void estimatesMachineAccuracyFromVerifiedAuditSamples() {
    AuditReport.MachineAccuracy accuracy =
        snapshot(LabourInput.none()).report(PSEUDONYMS).accuracy();
    assertThat(accuracy.confidentDecisions()).isEqualTo(6);
    assertThat(accuracy.auditSamples()).isEqualTo(2);
    assertThat(accuracy.auditSamplesVerified()).isEqualTo(2);
    assertThat(accuracy.overall().successes()).isEqualTo(1);
    assertThat(accuracy.byClass())
        .extracting(Proportion::key, Proportion::n, Proportion::successes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CAR", 1L, 1L),
            org.assertj.core.groups.Tuple.tuple("TREE", 1L, 0L));
    assertThat(accuracy.disagreement().n()).isEqualTo(2);
    assertThat(accuracy.disagreement().successes()).isEqualTo(1);
  }

  @Test
  void wilsonIntervalMatchesTheTextbook() {
    // 81 of 100: Wilson 95% interval [0.7222, 0.8749]
    Proportion p = Wilson.proportion("x", 100, 81);
    assertThat(p.lower()).isCloseTo(0.7222, within(1e-4));
    assertThat(p.upper()).isCloseTo(0.8749, within(1e-4));
    Proportion all = Wilson.proportion("x", 20, 20);
    assertThat(all.upper()).isEqualTo(1.0); // exactly: a true accuracy of 1 lies inside
    assertThat(Wilson.proportion("x", 25, 0).lower()).isEqualTo(0.0);
    assertThat(all.lower()).isCloseTo(0.8389, within(1e-4));
  }

  @Test
  void billOfMaterialsAddsParentsLabour() {
    List<AuditReport.VersionLabour> bom =
        snapshot(LabourInput.none()).report(PSEUDONYMS).versions();
    assertThat(bom)
        .extracting(AuditReport.VersionLabour::version)
        .containsExactly("v1", "v2", "v3");
    assertThat(bom.get(2).direct()).isEqualTo(new AuditReport.Labour(10, 1, 0.1, 50));
    assertThat(bom.get(2).total().humanLabels()).isEqualTo(200);
    assertThat(bom.get(2).total().labellers()).isEqualTo(4); // alice, bob, carol, dave
    assertThat(bom.get(2).total().activeHours()).isCloseTo(2.6, within(1e-9));
    assertThat(bom.get(2).total().costCents()).isEqualTo(1350);
  }

  @Test
  void labourLedgerShowsWagesBelowTheFloorAndTheirTopUps() {
    // floor 1200 cents/h; alice earns 600/h by the piece on day 1 (topped up), 1500/h on day 2
    LabourInput labour =
        new LabourInput(
            "test",
            "EUR",
            1200,
            List.of(
                new LabellerDay("alice", "2026-11-28", 30, 3_600_000, 600, 600, true),
                new LabellerDay("alice", "2026-11-29", 40, 3_600_000, 1500, 0, true),
                new LabellerDay("bob", "2026-11-29", 10, 1_800_000, 500, 100, true),
                new LabellerDay("carol", "2026-11-29", 0, 0, 0, 0, false)),
            List.of());
    AuditReport.LabourLedger ledger = snapshot(labour).report(PSEUDONYMS).labour();
    assertThat(ledger.totals())
        .isEqualTo(new AuditReport.LabourTotals(80, 2.5, 3, 2600, 700, 3300));
    assertThat(ledger.wages().labellerDays()).isEqualTo(3);
    assertThat(ledger.wages().medianHourlyCents()).isEqualTo(1000); // 600, 1000, 1500
    assertThat(ledger.wages().p10HourlyCents()).isEqualTo(600);
    assertThat(ledger.wages().shareBelowFloor()).isCloseTo(2 / 3.0, within(1e-9));
    assertThat(ledger.wages().medianAfterTopUpHourlyCents()).isEqualTo(1200);
    assertThat(ledger.topUps())
        .extracting(AuditReport.TopUp::effectiveHourlyCents)
        .containsExactly(1200L, 1200L);
    assertThat(ledger.byLabeller())
        .extracting(AuditReport.LabellerLabour::labeller)
        .allMatch(name -> name.matches("L-[0-9a-f]{10}"))
        .doesNotContain("alice", "bob", "carol");
    assertThat(ledger.byDay())
        .extracting(AuditReport.LabourDay::day)
        .containsExactly("2026-11-28", "2026-11-29");
  }

  @Test
  void provenanceNamesDeciderLabellersAndTrainedVersions() {
    FrameProvenance h1 = snapshot(LabourInput.none()).provenance("h1", PSEUDONYMS).orElseThrow();
    assertThat(h1.decision().madeBy()).isEqualTo("HUMAN");
    assertThat(h1.decision().machineOpinionVersion()).isEqualTo("v1");
    assertThat(h1.decision().answers())
        .singleElement()
        .satisfies(a -> assertThat(a.labeller()).isEqualTo(PSEUDONYMS.of("bob")));
    assertThat(h1.trainedVersions()).containsExactly("v2");
    assertThat(h1.inheritedBy()).containsExactly("v3");
    FrameProvenance a1 = snapshot(LabourInput.none()).provenance("a1", PSEUDONYMS).orElseThrow();
    assertThat(a1.decision().modelVersion()).isEqualTo("v1");
    assertThat(a1.labels()).singleElement().satisfies(l -> assertThat(l.kind()).isEqualTo("AUDIT"));
    assertThat(snapshot(LabourInput.none()).provenance("nope", PSEUDONYMS)).isEmpty();
  }
}
