package dev.handmade.audit.render;

import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReport.AccuracyAgainstTruth;
import dev.handmade.audit.report.AuditReport.DecisionShares;
import dev.handmade.audit.report.AuditReport.LabellerLabour;
import dev.handmade.audit.report.AuditReport.LabourDay;
import dev.handmade.audit.report.AuditReport.LabourLedger;
import dev.handmade.audit.report.AuditReport.MachineAccuracy;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.RouteCount;
import dev.handmade.audit.report.AuditReport.Share;
import dev.handmade.audit.report.AuditReport.TimePoint;
import dev.handmade.audit.report.AuditReport.Timeline;
import dev.handmade.audit.report.AuditReport.TopUp;
import dev.handmade.audit.report.AuditReport.TruthInterval;
import dev.handmade.audit.report.AuditReport.VersionLabour;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The audit report's tables as CSV files (RFC 4180 through Commons CSV: comma-separated, CRLF
 * line ends, quoted where a field holds a comma, quote or line break), one file a table, for
 * spreadsheets and scripts. Money stays in integer cents beside its currency, shares are
 * fractions, and a missing figure is an empty field.
 */
public final class ReportCsv {

  public static final String DECISIONS = "decisions.csv";
  public static final String OVER_TIME = "over-time.csv";
  public static final String ROUTES = "routes.csv";
  public static final String ACCURACY = "accuracy.csv";
  public static final String LABOUR_BY_DAY = "labour-by-day.csv";
  public static final String LABOUR_BY_LABELLER = "labour-by-labeller.csv";
  public static final String TOP_UPS = "top-ups.csv";
  public static final String VERSIONS = "version-labour.csv";

  /** Enough for shares and hours, and free of floating-point noise in the last digits. */
  private static final int DECIMALS = 6;

  private ReportCsv() {}

  /** Writes every table into {@code folder}, creating it, and returns the files in that order. */
  public static List<Path> write(AuditReport report, Path folder) {
    List<Path> files = new ArrayList<>();
    try {
      Files.createDirectories(folder);
      files.add(write(folder.resolve(DECISIONS), decisions(report.decisions())));
      files.add(write(folder.resolve(OVER_TIME), overTime(report.decisions().overTime())));
      files.add(write(folder.resolve(ROUTES), routes(report.decisions())));
      files.add(write(folder.resolve(ACCURACY), accuracy(report.accuracy())));
      files.add(write(folder.resolve(LABOUR_BY_DAY), labourByDay(report.labour())));
      files.add(write(folder.resolve(LABOUR_BY_LABELLER), labourByLabeller(report.labour())));
      files.add(write(folder.resolve(TOP_UPS), topUps(report.labour())));
      files.add(write(folder.resolve(VERSIONS), versions(report.versions())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit report's CSV files to " + folder, e);
    }
    return files;
  }

  static Table decisions(DecisionShares decisions) {
    Table table = new Table("dimension", "key", "machine", "people", "total", "machine_share");
    addShares(table, "overall", List.of(decisions.overall()));
    addShares(table, "version", decisions.byVersion());
    addShares(table, "class", decisions.byClass());
    addShares(table, "source", decisions.bySource());
    addShares(table, "vehicle", decisions.byVehicle());
    return table;
  }

  private static void addShares(Table table, String dimension, List<Share> shares) {
    for (Share s : shares) {
      table.row(dimension, s.key(), s.machine(), s.people(), s.total(), s.machineShare());
    }
  }

  /**
   * The timeline, a row a bucket (empty ones too): its decisions, and the human labels verified
   * in it and from the start of the log to its end. A bucket without decisions has no share.
   */
  static Table overTime(Timeline timeline) {
    Table table =
        new Table(
            "bucket",
            "start",
            "end",
            "machine",
            "people",
            "total",
            "machine_share",
            "verified_labels",
            "verified_labels_so_far");
    for (TimePoint p : timeline.points()) {
      table.row(
          timeline.bucket(),
          p.start(),
          p.end(),
          p.machine(),
          p.people(),
          p.total(),
          p.machineShare(),
          p.verifiedLabels(),
          p.verifiedLabelsSoFar());
    }
    return table;
  }

  static Table routes(DecisionShares decisions) {
    Table table = new Table("route", "made_by", "decisions");
    for (RouteCount r : decisions.byRoute()) {
      table.row(r.route(), r.madeBy(), r.decisions());
    }
    return table;
  }

  /**
   * Accuracy rows count the audit samples people agreed with, with the verified label taken as
   * right; accuracy-against-truth rows count the same samples and widen the interval by the
   * expected share of wrong labels ({@code wrong_labels}); disagreement rows count the routed
   * frames where people's label differed from the model's top class. The last column names the
   * assumption each row's interval rests on.
   */
  static Table accuracy(MachineAccuracy accuracy) {
    Table table =
        new Table(
            "measure",
            "dimension",
            "key",
            "n",
            "count",
            "estimate",
            "lower95",
            "upper95",
            "wrong_labels",
            "assumption");
    String asVerified = accuracy.assumption();
    addProportions(table, "accuracy", "overall", List.of(accuracy.overall()), asVerified);
    addProportions(table, "accuracy", "version", accuracy.byVersion(), asVerified);
    addProportions(table, "accuracy", "class", accuracy.byClass(), asVerified);
    AccuracyAgainstTruth truth = accuracy.againstTruth();
    String allowing = "people's errors allowed for by " + truth.basis();
    addTruthIntervals(table, "overall", List.of(truth.overall()), allowing);
    addTruthIntervals(table, "version", truth.byVersion(), allowing);
    addTruthIntervals(table, "class", truth.byClass(), allowing);
    addProportions(table, "disagreement", "overall", List.of(accuracy.disagreement()), asVerified);
    addProportions(table, "disagreement", "version", accuracy.disagreementByVersion(), asVerified);
    return table;
  }

  private static void addProportions(
      Table table,
      String measure,
      String dimension,
      List<Proportion> proportions,
      String assumption) {
    for (Proportion p : proportions) {
      table.row(
          measure,
          dimension,
          p.key(),
          p.n(),
          p.successes(),
          p.estimate(),
          p.lower(),
          p.upper(),
          "",
          assumption);
    }
  }

  private static void addTruthIntervals(
      Table table, String dimension, List<TruthInterval> intervals, String assumption) {
    for (TruthInterval t : intervals) {
      table.row(
          "accuracy_against_truth",
          dimension,
          t.key(),
          t.n(),
          t.agreed(),
          t.agreement(),
          t.lower(),
          t.upper(),
          t.wrongLabels(),
          assumption);
    }
  }

  static Table labourByDay(LabourLedger labour) {
    Table table =
        new Table(
            "day",
            "currency",
            "tasks",
            "active_hours",
            "labellers",
            "piece_cents",
            "top_up_cents",
            "paid_cents",
            "labeller_days",
            "median_hourly_cents",
            "p10_hourly_cents",
            "share_below_floor",
            "median_after_top_up_hourly_cents");
    for (LabourDay d : labour.byDay()) {
      table.row(
          d.day(),
          labour.currency(),
          d.tasks(),
          d.activeHours(),
          d.labellers(),
          d.pieceCents(),
          d.topUpCents(),
          d.pieceCents() + d.topUpCents(),
          d.wages().labellerDays(),
          d.wages().medianHourlyCents(),
          d.wages().p10HourlyCents(),
          d.wages().shareBelowFloor(),
          d.wages().medianAfterTopUpHourlyCents());
    }
    return table;
  }

  static Table labourByLabeller(LabourLedger labour) {
    Table table =
        new Table(
            "labeller",
            "currency",
            "days",
            "tasks",
            "active_hours",
            "piece_cents",
            "top_up_cents",
            "paid_cents",
            "median_hourly_cents");
    for (LabellerLabour l : labour.byLabeller()) {
      table.row(
          l.labeller(),
          labour.currency(),
          l.days(),
          l.tasks(),
          l.activeHours(),
          l.pieceCents(),
          l.topUpCents(),
          l.pieceCents() + l.topUpCents(),
          l.medianHourlyCents());
    }
    return table;
  }

  static Table topUps(LabourLedger labour) {
    Table table =
        new Table(
            "labeller",
            "day",
            "currency",
            "top_up_cents",
            "piece_hourly_cents",
            "effective_hourly_cents",
            "floor_hourly_cents");
    for (TopUp t : labour.topUps()) {
      table.row(
          t.labeller(),
          t.day(),
          labour.currency(),
          t.topUpCents(),
          t.pieceHourlyCents(),
          t.effectiveHourlyCents(),
          labour.floorHourlyCents());
    }
    return table;
  }

  /** Direct labour is a version's own training labels; total adds its ancestors'. */
  static Table versions(List<VersionLabour> versions) {
    Table table =
        new Table(
            "version",
            "parent",
            "created_at",
            "training_examples",
            "held_out_accuracy",
            "direct_human_labels",
            "direct_labellers",
            "direct_active_hours",
            "direct_cost_cents",
            "total_human_labels",
            "total_labellers",
            "total_active_hours",
            "total_cost_cents");
    for (VersionLabour v : versions) {
      table.row(
          v.version(),
          v.parent(),
          v.createdAt(),
          v.trainingExamples(),
          v.heldOutAccuracy(),
          v.direct().humanLabels(),
          v.direct().labellers(),
          v.direct().activeHours(),
          v.direct().costCents(),
          v.total().humanLabels(),
          v.total().labellers(),
          v.total().activeHours(),
          v.total().costCents());
    }
    return table;
  }

  private static Path write(Path file, Table table) throws IOException {
    Files.writeString(file, table.toCsv(), StandardCharsets.UTF_8);
    return file;
  }

  /** One CSV table, built row by row. */
  static final class Table {

    private final List<List<String>> rows = new ArrayList<>();
    private final int columns;

    Table(String... header) {
      columns = header.length;
      row((Object[]) header);
    }

    void row(Object... fields) {
      if (fields.length != columns) {
        throw new IllegalArgumentException(
            "expected " + columns + " fields, got " + Arrays.toString(fields));
      }
      rows.add(Arrays.stream(fields).map(ReportCsv::text).toList());
    }

    String toCsv() {
      StringBuilder csv = new StringBuilder();
      try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.RFC4180)) {
        printer.printRecords(rows);
      } catch (IOException e) {
        throw new UncheckedIOException("a StringBuilder does not fail", e);
      }
      return csv.toString();
    }
  }

  /** A value as the text of its field: numbers in plain notation, a missing figure empty. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      return d.isNaN() || d.isInfinite()
          ? ""
          : BigDecimal.valueOf(d)
              .setScale(DECIMALS, RoundingMode.HALF_UP)
              .stripTrailingZeros()
              .toPlainString();
    }
    return value.toString();
  }
}
