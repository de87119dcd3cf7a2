package dev.handmade.infra.cli;

import dev.handmade.audit.AuditSnapshot;
import dev.handmade.audit.labour.PayLedgerClient;
import dev.handmade.audit.render.ReportCsv;
import dev.handmade.audit.render.ReportHtml;
import dev.handmade.audit.render.ReportJson;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.LabourInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the auditor's report: JSON, CSV tables and a self-contained HTML page with charts. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {
        "Write the audit report: who made the decisions (machine or people) in all, over time (per minute "
            + "for a short run, per hour for days, per day for months) and against the human labels spent, per "
            + "model version, class, source and vehicle; the machine's accuracy from random audit samples with 95% Wilson "
            + "intervals; the labour ledger and its wage distribution; the labour inside each model version. "
            + "Reads the audit log (checking its hash chain) and the model registry from the object store, and "
            + "the pay ledger from the labelling service. Labellers appear under pseudonyms.",
        "While `handmade up` runs, point --s3-endpoint at its S3 server (http://127.0.0.1:9000).",
        "Exit status: 0 written, 1 written but the audit log's chain is broken."})
final class ReportCommand implements Callable<Integer> {

  enum Format { JSON, CSV, HTML }

  @Option(names = "--out", defaultValue = "./audit-report", paramLabel = "DIR",
      description = "Folder to write report.json, report.html and csv/ into (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--format", split = ",", paramLabel = "FORMAT",
      description = "Any of json, csv, html (default: all). ${COMPLETION-CANDIDATES}")
  Set<Format> formats = EnumSet.allOf(Format.class);

  @Option(names = "--labelling-url", defaultValue = "${env:HANDMADE_LABELLING_URL}", paramLabel = "URL",
      description = "Labelling service to read the pay ledger from; default: the local stack's ("
          + AuditOptions.LOCAL_LABELLING_URL + ") when <data>/tokens.properties exists.")
  String labellingUrl;

  @Option(names = "--token", defaultValue = "${env:HANDMADE_AUDITOR_TOKEN}",
      description = "Auditor (or admin) token for the pay ledger; default: the local stack's auditor token.")
  String token;

  @Option(names = "--from", paramLabel = "DAY", description = "First day of the pay ledger (default: 30 days before --to).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "DAY", description = "Last day of the pay ledger (default: today, UTC).")
  LocalDate to;

  @Mixin
  AuditOptions audit = new AuditOptions();

  @Override
  public Integer call() throws Exception {
    LabourInput labour = labour();
    try (ObjectStoreOptions.Opened opened = audit.openStore()) {
      AuditReport report = AuditSnapshot.read(opened.store(), labour).report(audit.pseudonyms());
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
      System.out.printf("%d decisions: machine %d (%.1f%%), people %d; audit log %s (%d files); written to %s%n",
          all.total(), all.machine(), 100 * all.machineShare(), all.people(),
          report.chain().intact() ? "intact" : "BROKEN", report.chain().files(), out.toAbsolutePath());
      report.chain().problems().forEach(p -> System.out.println("BROKEN: " + p));
      return report.chain().intact() ? 0 : 1;
    }
  }

  /** The pay ledger, or none with a warning: a report on decisions alone is still worth having. */
  private LabourInput labour() {
    var tokens = audit.localTokens();
    String url = labellingUrl != null && !labellingUrl.isBlank() ? labellingUrl
        : tokens.isEmpty() ? null : AuditOptions.LOCAL_LABELLING_URL;
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
      System.err.println("the labour ledger is left out: " + e.getMessage());
      return LabourInput.none();
    }
  }
}
