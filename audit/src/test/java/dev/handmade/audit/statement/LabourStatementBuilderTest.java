package dev.handmade.audit.statement;

import static dev.handmade.audit.SampleLogs.START;
import static dev.handmade.audit.SampleLogs.answer;
import static dev.handmade.audit.SampleLogs.event;
import static dev.handmade.audit.SampleLogs.human;
import static dev.handmade.audit.SampleLogs.label;
import static dev.handmade.audit.SampleLogs.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.audit.report.Wilson;
import dev.handmade.audit.statement.LabourStatement.AuditHead;
import dev.handmade.audit.statement.LabourStatement.LabellerDay;
import dev.handmade.audit.statement.LabourStatement.Labour;
import dev.handmade.audit.statement.LabourStatement.Ledger;
import dev.handmade.audit.statement.LabourStatement.LiveDecisions;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A statement worked out by hand from a small log and ledger: labels, answers, hours and piece
 * pay per version and through its parents, top-ups shared out per labeller-day, decisions while
 * the version was in charge and its audit samples.
 */
class LabourStatementBuilderTest {

  private static final String SALT = "statement-test-salt";
  private static final Pseudonyms PSEUDONYMS = Pseudonyms.withKey(SALT);
  private static final Instant DAY_1 = START; // 2026-11-29
  private static final Instant DAY_2 = START.plusSeconds(86_400);
  private static final Ledger TERMS =
      new Ledger("test ledger", "EUR", 1_500, "UTC", LabourStatementBuilder.TOP_UP_RULE, SALT);
  private static final AuditHead HEAD = new AuditHead("audit/x.avro", 0, "h", 9);

  private final Map<String, ModelVersion> versions =
      Map.of(
          "v1", version("v1", null, List.of("f1", "f2")),
          "v2", version("v2", "v1", List.of("f3")));

  /** alice answered f1, f2 and the evidence frame f4 on day 1 and f3 on day 2; bob f1 on day 1. */
  private final List<AuditEvent> log =
      List.of(
          event(twoAnswers("f1", DAY_1)),
          event(
              label(2, "f2", TaskKind.UNCERTAIN, ObjectClass.TREE, "alice", DAY_1.plusSeconds(60))),
          event(
              label(3, "f4", TaskKind.UNCERTAIN, ObjectClass.POLE, "alice", DAY_1.plusSeconds(90))),
          event(
              machine("m1", Route.CONFIDENT, "v1", ObjectClass.CAR, 0.97f, DAY_1.plusSeconds(100))),
          event(
              machine(
                  "m2", Route.AUDIT_SAMPLE, "v1", ObjectClass.CAR, 0.95f, DAY_1.plusSeconds(101))),
          event(label(4, "m2", TaskKind.AUDIT, ObjectClass.TRUCK, "bob", DAY_1.plusSeconds(120))),
          event(
              human(
                  "h1", "v1", ObjectClass.CAR, ObjectClass.CYCLIST, "bob", DAY_1.plusSeconds(130))),
          event(
              machine("m3", Route.CONFIDENT, "v2", ObjectClass.CAR, 0.97f, DAY_2.plusSeconds(10))),
          event(
              label(5, "f3", TaskKind.UNCERTAIN, ObjectClass.CAR, "alice", DAY_2.plusSeconds(20))));

  /** Day 1 settled with top-ups; alice's day 2 still open. */
  private final Map<String, LabellerDay> ledger =
      Map.of(
          key("alice", "2026-11-29"), row("alice", "2026-11-29", 4, 100, true),
          key("bob", "2026-11-29"), row("bob", "2026-11-29", 2, 30, true),
          key("alice", "2026-11-30"), row("alice", "2026-11-30", 1, 0, false),
          key("carol", "2026-11-29"), row("carol", "2026-11-29", 7, 500, true));

  @Test
  void sharesTopUpsByTheLabellerDaysAnswersAndSumsThroughTheParents() {
    LabourStatement v2 = build("v2", null);
    // v2's own label: one answer by alice on an open day, 4 s, 5 cents, no top-up yet
    assertThat(v2.direct()).isEqualTo(new Labour(1, 1, 1, 4_000 / 3_600_000.0, 5, 0));
    // with v1: alice's day 1 top-up of 100 over her 4 tasks, 2 of them in v1 (50); bob's 30 over 2
    // tasks, 1 (15)
    assertThat(v2.throughParents()).isEqualTo(new Labour(3, 4, 2, 16_000 / 3_600_000.0, 20, 65));
    assertThat(v2.throughParents().totalCents()).isEqualTo(85);
    assertThat(v2.lineage()).containsExactly("v2", "v1");
    // carol's day holds no answer of the lineage and is left out
    assertThat(v2.labellerDays())
        .containsExactlyInAnyOrder(
            new LabellerDay(pseudonym("alice"), "2026-11-29", 4, 100, true, Map.of("v1", 2L)),
            new LabellerDay(pseudonym("bob"), "2026-11-29", 2, 30, true, Map.of("v1", 1L)),
            new LabellerDay(pseudonym("alice"), "2026-11-30", 1, 0, false, Map.of("v2", 1L)));
  }

  @Test
  void countsTheDecisionsRoutedUnderTheVersionAndItsAuditSamples() {
    LabourStatement v1 = build("v1", "v2");
    assertThat(v1.direct()).isEqualTo(new Labour(2, 3, 2, 12_000 / 3_600_000.0, 15, 65));
    // m1 and m2 by the machine, h1 by people who saw v1's doubt; m3 was v2's
    assertThat(v1.whileLive()).isEqualTo(new LiveDecisions(2, 1));
    assertThat(v1.whileLive().peopleShare()).isEqualTo(1 / 3.0);
    // the one audit sample, m2, people called a truck
    assertThat(v1.auditSampleAccuracy()).isEqualTo(Wilson.proportion("v1", 1, 0));
    assertThat(v1.supersededBy()).isEqualTo("v2");
  }

  @Test
  void aDayPaidForFewerTasksThanItsAnswersNeverGivesOutMoreThanItsTopUp() {
    Map<String, LabellerDay> short_ =
        Map.of(key("alice", "2026-11-29"), row("alice", "2026-11-29", 1, 100, true));
    LabourStatement v1 =
        LabourStatementBuilder.build("v1", log, HEAD, versions, TERMS, short_, DAY_2, null);
    assertThat(v1.direct().topUpCents()).isEqualTo(100);
  }

  @Test
  void waitsForTrainingLabelsTheLogDoesNotHoldYet() {
    assertThatThrownBy(
            () ->
                LabourStatementBuilder.build(
                    "v2", log.subList(0, 8), HEAD, versions, TERMS, ledger, DAY_2, null))
        .isInstanceOf(LabourStatementBuilder.IncompleteLogException.class)
        .hasMessageContaining("v2 was trained on frame f3");
  }

  @Test
  void readsBackWhatItWritesAndRendersAPage() throws Exception {
    LabourStatement v2 = build("v2", null);
    assertThat(LabourStatement.parse(v2.toJson())).isEqualTo(v2);
    assertThat(new String(v2.toJson(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"totalCents\" : 85.0")
        .contains("\"peopleShare\"");
    assertThat(LabourStatementMarkdown.render(v2))
        .contains("| verified human labels | 1 | 3 |")
        .contains("| wage-floor top-ups (EUR) | 0.00 | 0.65 |")
        .contains("1 of them not yet settled");
  }

  private LabourStatement build(String version, String supersededBy) {
    return LabourStatementBuilder.build(
        version, log, HEAD, versions, TERMS, ledger, DAY_2.plusSeconds(60), supersededBy);
  }

  private static HumanLabel twoAnswers(String frameId, Instant at) {
    return HumanLabel.newBuilder()
        .setSequence(1)
        .setTaskId(frameId)
        .setFrameId(frameId)
        .setKind(TaskKind.UNCERTAIN)
        .setOutcome(LabelOutcome.VERIFIED)
        .setLabel(ObjectClass.CAR)
        .setAnswers(
            List.of(answer("alice", ObjectClass.CAR, at), answer("bob", ObjectClass.CAR, at)))
        .setAgreement(1f)
        .setVerifiedAt(at)
        .build();
  }

  private static ModelVersion version(String name, String parent, List<String> frames) {
    return ModelVersion.newBuilder()
        .setVersion(name)
        .setNumber(Integer.parseInt(name.substring(1)))
        .setParent(parent)
        .setCreatedAt(START)
        .setModelFile("model.zip")
        .setModelSha256("00")
        .setTrainingExamples(frames.size())
        .setTrainingDescription("test")
        .setEvaluation(
            Evaluation.newBuilder()
                .setExamples(0)
                .setAccuracy(0)
                .setExpectedCalibrationError(0)
                .setPerClass(List.of())
                .setConfusion(List.of())
                .setEvaluatedOn("none")
                .build())
        .setTemperature(1)
        .setConfidenceThreshold(0.9)
        .setTargetAccuracy(0.95)
        .setLabour(
            LabourSummary.newBuilder()
                .setHumanLabels(frames.size())
                .setLabellerIds(List.of())
                .setActiveHours(0)
                .setCostCents(0)
                .build())
        .setTrainingFrameIds(frames)
        .build();
  }

  private static String pseudonym(String labeller) {
    return PSEUDONYMS.of(labeller);
  }

  private static String key(String labeller, String day) {
    return LabourStatementBuilder.dayKey(pseudonym(labeller), day);
  }

  private static LabellerDay row(
      String labeller, String day, long tasks, long topUp, boolean settled) {
    return new LabellerDay(pseudonym(labeller), day, tasks, topUp, settled, Map.of());
  }
}
