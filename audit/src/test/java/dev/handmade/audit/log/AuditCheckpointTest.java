package dev.handmade.audit.log;

import static dev.handmade.audit.SampleLogs.START;
import static dev.handmade.audit.SampleLogs.event;
import static dev.handmade.audit.SampleLogs.human;
import static dev.handmade.audit.SampleLogs.label;
import static dev.handmade.audit.SampleLogs.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.chain.HashChain;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReportBuilder;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.audit.report.ReportAggregate;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The report's counts kept in a checkpoint and brought up to date give the report computed from
 * all events at once, wherever the log is split.
 */
class AuditCheckpointTest {

  private static final String LOG = "s3://handmade/audit/";
  private static final int EVENTS = 3_000;
  private static final Instant NOW = Instant.parse("2027-03-01T00:00:00Z");

  @TempDir Path dir;

  /**
   * Decisions by the machine (some drawn as audit samples) and by people, with the verdicts on
   * the samples logged both after and before them, a second verdict now and then, and labels
   * nobody agreed on; over a span that grows from minutes to about 100 days, so the kept
   * timeline buckets lengthen from minutes to hours to days on the way.
   */
  static List<AuditEvent> events() {
    Random random = new Random(16);
    ObjectClass[] classes = ObjectClass.values();
    List<AuditEvent> events = new ArrayList<>();
    long sequence = 0;
    for (int i = 0; events.size() < EVENTS; i++) {
      Instant at = START.plusSeconds(2L * i * i + random.nextInt(5));
      String version = "v" + (1 + i / 700);
      ObjectClass machineClass = classes[random.nextInt(classes.length)];
      ObjectClass verdict =
          random.nextInt(10) == 0 ? classes[random.nextInt(classes.length)] : machineClass;
      String frame = "frame-" + i;
      int kind = random.nextInt(10);
      if (kind < 5) {
        events.add(event(machine(frame, Route.CONFIDENT, version, machineClass, 0.97f, at)));
      } else if (kind < 7) {
        AuditEvent sample =
            event(machine(frame, Route.AUDIT_SAMPLE, version, machineClass, 0.95f, at));
        AuditEvent judged =
            event(label(++sequence, frame, TaskKind.AUDIT, verdict, "l-a1", at.plusSeconds(30)));
        if (kind == 5) {
          events.add(sample);
          events.add(judged);
        } else {
          events.add(judged);
          events.add(sample);
        }
        if (random.nextInt(4) == 0) {
          events.add(
              event(
                  label(
                      ++sequence, frame, TaskKind.AUDIT, classes[0], "l-b2", at.plusSeconds(60))));
        }
      } else if (kind < 9) {
        events.add(event(label(++sequence, frame, TaskKind.UNCERTAIN, verdict, "l-b2", at)));
        events.add(event(human(frame, version, machineClass, verdict, "l-b2", at)));
      } else {
        AuditEvent unagreed =
            event(label(++sequence, frame, TaskKind.UNCERTAIN, verdict, "l-c3", at));
        unagreed.getLabel().setOutcome(LabelOutcome.UNRESOLVED);
        events.add(unagreed);
        events.add(event(machine(frame, Route.OVER_CAPACITY, version, machineClass, 0.5f, at)));
      }
    }
    return events;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 17, 1_000, 1_501, 2_999, 3_000})
  void countsCarriedThroughACheckpointGiveTheFullReport(int split) {
    List<AuditEvent> events = events();
    ReportAggregate before = new ReportAggregate();
    events.subList(0, split).forEach(before::add);
    Path file = dir.resolve("state.json");
    new AuditCheckpoint(LOG, List.of(), HashChain.Link.start(), split, before).save(file);

    ReportAggregate after = AuditCheckpoint.loadOrEmpty(file, LOG).aggregateCopy();
    events.subList(split, events.size()).forEach(after::add);

    assertThat(report(after)).isEqualTo(fullReport(events));
  }

  @Test
  void theFullReportCoversMonthsInDaysAndCountsEveryVerdict() {
    AuditReport report = fullReport(events());
    assertThat(report.decisions().overTime().bucket()).isEqualTo("day");
    assertThat(report.accuracy().overall().n()).isEqualTo(report.accuracy().auditSamples());
  }

  @Test
  void aCheckpointOfAnotherLogIsRefused() {
    Path file = dir.resolve("other.json");
    AuditCheckpoint.empty("s3://elsewhere/audit/").save(file);
    assertThatThrownBy(() -> AuditCheckpoint.loadOrEmpty(file, LOG))
        .hasMessageContaining("the checkpoint of s3://elsewhere/audit/, not of " + LOG);
  }

  @Test
  void aFileThatIsNoCheckpointIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("garbage.json"), "{\"log\": 3, \"files\": {}}");
    assertThatThrownBy(() -> AuditCheckpoint.loadOrEmpty(file, LOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an audit checkpoint");
  }

  private static AuditReport fullReport(List<AuditEvent> events) {
    return new AuditReportBuilder(Pseudonyms.withKey("k"))
        .build(
            new AuditLogContents(LOG, events, chain(events.size())),
            List.of(),
            LabourInput.none(),
            NOW);
  }

  private static AuditReport report(ReportAggregate aggregate) {
    return new AuditReportBuilder(Pseudonyms.withKey("k"))
        .build(aggregate, LOG, chain(EVENTS), List.of(), LabourInput.none(), NOW);
  }

  private static ChainVerification chain(long records) {
    return new ChainVerification(1, records, HashChain.GENESIS, List.of());
  }
}
