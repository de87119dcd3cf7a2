package dev.handmade.infra.cli;

import dev.handmade.audit.AuditSnapshot;
import dev.handmade.audit.labour.PayLedgerClient;
import dev.handmade.audit.render.ReportCsv;
import dev.handmade.audit.render.ReportHtml;
import dev.handmade.audit.render.ReportJson;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.ObjectClass;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the auditor's report: JSON, CSV tables and a self-contained HTML page with charts. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the audit report: who made the decisions (machine or people) in all, over time (per minute "
          + "for a short run, per hour for days, per day for months) and against the human labels spent, per "
          + "model version, class, source and vehicle; the machine's accuracy from random audit samples with 95%% Wilson "
          + "intervals taking people's label as right, and widened for people's own errors (by their gold accuracy, "
          + "or the consensus-disagreement bound); the labour ledger and its wage distribution; the labour inside "
          + "each model version. "
          + "Reads the audit log (checking its hash chain) and the model registry from the object store, and "
          + "the pay ledger from the labelling service. Labellers appear under pseudonyms.",
      "While `handmade up` runs, point --s3-endpoint at its S3 server (http://127.0.0.1:9000).",
      "With --state FILE the report is brought up to date from a checkpoint kept in FILE: only the audit files "
          + "committed since are read (each must continue the chain from the checkpoint's head; the files read "
          + "before must still be listed unchanged), and the checkpoint moves on when the chain is intact. A first "
          + "run with a new FILE reads the whole log, one file at a time.",
      "Exit status: 0 written, 1 written but the audit log's chain is broken."
    })
final class ReportCommand implements Callable<Integer> {

  enum Format {
    JSON,
    CSV,
    HTML
  }

  @Option(
      names = "--out",
      defaultValue = "./audit-report",
      paramLabel = "DIR",
      description =
          "Folder to write report.json, report.html and csv/ into (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--format",
      split = ",",
      paramLabel = "FORMAT",
      description = "Any of json, csv, html (default: all). ${COMPLETION-CANDIDATES}")
  Set<Format> formats = EnumSet.allOf(Format.class);

  @Option(
      names = "--labelling-url",
      defaultValue = "${env:HANDMADE_LABELLING_URL}",
      paramLabel = "URL",
      description =
          "Labelling service to read the pay ledger from; default: the local stack's ("
              + AuditOptions.LOCAL_LABELLING_URL
              + ") when <data>/tokens.properties exists.")
  String labellingUrl;

  @Option(
      names = "--token",
      defaultValue = "${env:HANDMADE_AUDITOR_TOKEN}",
      description =
          "Auditor (or admin) token for the pay ledger; default: the local stack's auditor token.")
  String token;

  @Option(
      names = "--from",
      paramLabel = "DAY",
      description = "First day of the pay ledger (default: 30 days before --to).")
  LocalDate from;

  @Option(
      names = "--to",
      paramLabel = "DAY",
      description = "Last day of the pay ledger (default: today, UTC).")
  LocalDate to;

  @Option(
      names = "--check-against-simulator",
      description =
          "For frames from the simulator, also print how often the machine's and people's decisions "
              + "were right against the simulator's ground truth, beside the audit-sample estimate (a check for trial "
              + "runs: real frames have no ground truth).")
  boolean checkAgainstSimulator;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "Checkpoint file of what was read before (created when absent): read only the audit files "
              + "committed since, and count them into the checkpoint's report. Keep it where the pipeline cannot write.")
  Path state;

  @Mixin AuditOptions audit = new AuditOptions();

  @Override
  public Integer call() throws Exception {
    if (state != null && checkAgainstSimulator) {
      System.err.println(
          "--check-against-simulator needs every decision, which --state does not keep: give one");
      return 2;
    }
    LabourInput labour = labour();
    try (ObjectStoreOptions.Opened opened = audit.openStore()) {
      AuditSnapshot snapshot = null;
      AuditReport report;
      if (state == null) {
        snapshot = AuditSnapshot.read(opened.store(), labour);
        report = snapshot.report(audit.pseudonyms());
      } else {
        report = IncrementalAudit.report(opened.store(), state, audit.pseudonyms(), labour);
      }
      if (formats.contains(Format.JSON)) {
        ReportJson.write(report, out.resolve("report.json"));
      }
      if (formats.contains(Format.CSV)) {
        ReportCsv.write(report, out.resolve("csv"));
      }
      if (formats.contains(Format.HTML)) {
        ReportHtml.write(report, out.resolve("report.html"));
      }
      AuditReport.Share all = report.decisions().overall();
      System.out.printf(
          "%d decisions: machine %d (%.1f%%), people %d; audit log %s (%d files); written to %s%n",
          all.total(),
          all.machine(),
          100 * all.machineShare(),
          all.people(),
          report.chain().intact() ? "intact" : "BROKEN",
          report.chain().files(),
          out.toAbsolutePath());
      report.chain().problems().forEach(p -> System.out.println("BROKEN: " + p));
      if (snapshot != null && checkAgainstSimulator) {
        printSimulatorTruth(snapshot, report);
      }
      return report.chain().intact() ? 0 : 1;
    }
  }

  /** The decisions on simulated frames, checked against the simulator's ground truth. */
  private static void printSimulatorTruth(AuditSnapshot snapshot, AuditReport report) {
    Function<String, ObjectClass> truth = SimulatedLabellers.simulatorTruth();
    long[] machine = new long[2];
    long[] people = new long[2];
    for (AuditEvent e : snapshot.log().events()) {
      Decision d = e.getDecision();
      ObjectClass actual = d == null ? null : truth.apply(d.getFrameId());
      if (actual == null) {
        continue;
      }
      long[] tally = d.getMadeBy() == DecisionMaker.MACHINE ? machine : people;
      tally[0]++;
      tally[1] += d.getLabel() == actual ? 1 : 0;
    }
    AuditReport.Proportion estimate = report.accuracy().overall();
    AuditReport.AccuracyAgainstTruth allowing = report.accuracy().againstTruth();
    System.out.printf(
        "against the simulator's ground truth: the machine's decisions %.4f right (%d of %d), people's "
            + "%.4f (%d of %d); the audit-sample estimate of the machine's accuracy is %.4f [%.4f, %.4f] from %d "
            + "samples taking people's label as right, [%.4f, %.4f] allowing for people's errors by %s%n",
        (double) machine[1] / Math.max(1, machine[0]),
        machine[1],
        machine[0],
        (double) people[1] / Math.max(1, people[0]),
        people[1],
        people[0],
        estimate.estimate(),
        estimate.lower(),
        estimate.upper(),
        estimate.n(),
        allowing.overall().lower(),
        allowing.overall().upper(),
        allowing.basis());
  }

  /** The pay ledger, or none with a warning: a report on decisions alone is still worth having. */
  private LabourInput labour() {
    var tokens = audit.localTokens();
    String url =
        labellingUrl != null && !labellingUrl.isBlank()
            ? labellingUrl
            : tokens.isEmpty()
                ? null
                : tokens.getProperty(AuditOptions.LABELLING_URL, AuditOptions.LOCAL_LABELLING_URL);
    String key = token != null && !token.isBlank() ? token : tokens.getProperty("auditor");
    if (url == null || key == null) {
      System.err.println("the labour ledger is left out: give --labelling-url and --token");
      return LabourInput.none();
    }
    LocalDate last = to != null ? to : LocalDate.now(ZoneOffset.UTC);
    LocalDate first = from != null ? from : last.minusDays(30);
    try {
      return PayLedgerClient.fetch(url, key, first, last);
    } catch (IOException e) {
      System.err.println(
          "the labour ledger is left out: the labelling service at "
              + url
              + " cannot be read ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ")");
      return LabourInput.none();
    }
  }
}
