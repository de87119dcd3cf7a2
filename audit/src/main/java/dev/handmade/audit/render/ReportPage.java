package dev.handmade.audit.render;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReport.AccuracyAgainstTruth;
import dev.handmade.audit.report.AuditReport.DecisionShares;
import dev.handmade.audit.report.AuditReport.LabellerLabour;
import dev.handmade.audit.report.AuditReport.LabourDay;
import dev.handmade.audit.report.AuditReport.LabourLedger;
import dev.handmade.audit.report.AuditReport.LabourTotals;
import dev.handmade.audit.report.AuditReport.MachineAccuracy;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.RouteCount;
import dev.handmade.audit.report.AuditReport.Share;
import dev.handmade.audit.report.AuditReport.TimePoint;
import dev.handmade.audit.report.AuditReport.Timeline;
import dev.handmade.audit.report.AuditReport.TopUp;
import dev.handmade.audit.report.AuditReport.TruthInterval;
import dev.handmade.audit.report.AuditReport.VersionLabour;
import dev.handmade.audit.report.AuditReport.WageDistribution;
import dev.handmade.audit.report.TimeBuckets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The audit report as {@code report.mustache} reads it: every figure already formatted, every
 * choice already made, so that the template only places text. A part that is null or an empty
 * list is a part the page leaves out.
 */
final class ReportPage {

  private static final String MISSING = "–";
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter UTC_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ReportPage() {}

  /** The whole page; {@code payLedger} is null when the report was made without it. */
  record Page(
      String css,
      String generatedAt,
      String auditLog,
      String payLedger,
      Sources sources,
      Chain chain,
      Decisions decisions,
      Accuracy accuracy,
      Labour labour,
      Versions versions) {}

  record Sources(
      String auditLog,
      String auditFiles,
      String events,
      String decisions,
      String humanLabels,
      String firstEvent,
      String lastEvent,
      String modelVersions,
      String payLedger) {}

  /** Exactly one of empty, intact and broken holds. */
  record Chain(
      boolean empty, boolean intact, Broken broken, String files, String records, String head) {}

  record Broken(String problemCount, List<String> problems) {}

  record Decisions(
      Tiles summary,
      String machineWidth,
      String peopleWidth,
      OverTime overTime,
      String versionChart,
      Table byClass,
      Table bySource,
      Table byVehicle,
      Table byRoute) {}

  record OverTime(
      String bucket,
      String buckets,
      String maxBuckets,
      String shareChart,
      String decisionsChart,
      String labelsSoFar,
      String labelsChart) {}

  record Accuracy(Tiles summary, Sampled sampled, Disagreement disagreement) {}

  /** {@code personErrorBound} is null where it bounds nothing. */
  record Sampled(
      String chart,
      Table byVersion,
      Table byClass,
      String assumption,
      String labelsByGold,
      String labellersWithGold,
      String labelsByConsensus,
      String personErrorBound,
      Table againstTruth) {}

  record Disagreement(String estimate, String n, String interval, Table byVersion) {}

  /** {@code floor} is null where no wage floor is set, {@code ledger} where nothing was paid. */
  record Labour(String floor, boolean ledgerRead, Ledger ledger) {}

  record Ledger(
      Tiles totals,
      String labellerDays,
      Tiles wages,
      String wagesChart,
      Table byDay,
      Table byLabeller,
      Table topUps) {}

  record Versions(String chart, Table models, Table labour) {}

  /** Big figures with a caption each. */
  record Tiles(List<Tile> tiles) {}

  record Tile(String figure, String label) {}

  /** A table whose numeric cells are right-aligned, with optional headings over runs of columns. */
  record Table(List<Group> groups, List<Cell> header, List<Row> rows) {

    public boolean grouped() {
      return !groups.isEmpty();
    }
  }

  /** A heading over {@code columns} adjacent columns of a table. */
  record Group(String label, int columns) {}

  record Row(List<Cell> cells) {}

  record Cell(String text, boolean num) {}

  static Page of(AuditReport report, String css) {
    AuditReport.Sources sources = report.sources();
    return new Page(
        css,
        time(report.generatedAt()),
        sources.auditLog(),
        payLedgerRead(sources) ? sources.labour() : null,
        sources(sources),
        chain(report.chain()),
        decisions(report.decisions()),
        accuracy(report.accuracy()),
        labour(report.labour(), sources),
        versions(report.versions(), report.labour().currency()));
  }

  private static Sources sources(AuditReport.Sources sources) {
    return new Sources(
        orMissing(sources.auditLog()),
        count(sources.auditFiles()),
        count(sources.events()),
        count(sources.decisions()),
        count(sources.humanLabels()),
        time(sources.firstEvent()),
        time(sources.lastEvent()),
        count(sources.modelVersions()),
        orMissing(sources.labour()));
  }

  private static Chain chain(ChainVerification chain) {
    boolean empty = chain.records() == 0 && chain.intact();
    int problems = chain.problems().size();
    Broken broken =
        chain.intact()
            ? null
            : new Broken(
                count(problems) + (problems == 1 ? " problem" : " problems"), chain.problems());
    return new Chain(
        empty,
        chain.intact() && !empty,
        broken,
        count(chain.files()),
        count(chain.records()),
        chain.head());
  }

  private static Decisions decisions(DecisionShares decisions) {
    Share overall = decisions.overall();
    if (overall.total() == 0) {
      return null;
    }
    Tiles summary =
        tiles(
            count(overall.total()), "final decisions",
            percent(overall.machineShare()), "by the machine (" + count(overall.machine()) + ")",
            percent(overall.peopleShare()), "by people (" + count(overall.people()) + ")");
    String versionChart =
        decisions.byVersion().isEmpty()
            ? null
            : ReportCharts.svg(
                ReportCharts.decisionsPerVersion(decisions.byVersion()), "chart-decisions-version");
    List<List<String>> routes = new ArrayList<>();
    for (RouteCount r : decisions.byRoute()) {
      routes.add(List.of(r.route(), r.madeBy(), count(r.decisions())));
    }
    return new Decisions(
        summary,
        cssPercent(overall.machineShare()),
        cssPercent(overall.peopleShare()),
        overTime(decisions.overTime()),
        versionChart,
        shareTable("Class", decisions.byClass()),
        shareTable("Source", decisions.bySource()),
        shareTable("Vehicle", decisions.byVehicle()),
        table(List.of("Route", "Decided by", "Decisions"), 2, routes));
  }

  private static OverTime overTime(Timeline timeline) {
    if (timeline.points().stream().noneMatch(p -> p.total() > 0)) {
      return null;
    }
    TimePoint last = timeline.points().get(timeline.points().size() - 1);
    return new OverTime(
        timeline.bucket(),
        count(timeline.points().size()),
        String.valueOf(TimeBuckets.MAX_BUCKETS),
        ReportCharts.svg(ReportCharts.machineShareOverTime(timeline), "chart-share-time"),
        ReportCharts.svg(ReportCharts.decisionsOverTime(timeline), "chart-decisions-time"),
        count(last.verifiedLabelsSoFar()),
        ReportCharts.svg(ReportCharts.machineShareByLabels(timeline), "chart-share-labels"));
  }

  private static Accuracy accuracy(MachineAccuracy accuracy) {
    Proportion overall = accuracy.overall();
    TruthInterval truth = accuracy.againstTruth().overall();
    Tiles summary =
        tiles(
            count(accuracy.confidentDecisions()),
            "confident machine decisions",
            count(accuracy.auditSamples()),
            "drawn as audit samples",
            count(accuracy.auditSamplesVerified()),
            "audit samples people verified",
            overall.n() == 0 ? MISSING : percent(overall.estimate()),
            overall.n() == 0
                ? "accuracy"
                : "agreement with people, 95% interval "
                    + interval(overall)
                    + " taking their label as right",
            truth.n() == 0 ? MISSING : interval(truth),
            "accuracy against the truth, allowing for people's errors by "
                + accuracy.againstTruth().basis());
    Proportion disagreement = accuracy.disagreement();
    return new Accuracy(
        summary,
        overall.n() == 0 ? null : sampled(accuracy),
        disagreement.n() == 0
            ? null
            : new Disagreement(
                percent(disagreement.estimate()),
                count(disagreement.n()),
                interval(disagreement),
                proportionTable("Version", "Disagreed", accuracy.disagreementByVersion())));
  }

  private static Sampled sampled(MachineAccuracy accuracy) {
    List<Proportion> sampledVersions =
        accuracy.byVersion().stream().filter(p -> p.n() > 0).toList();
    String chart =
        sampledVersions.isEmpty()
            ? null
            : ReportCharts.svg(ReportCharts.accuracy(sampledVersions), "chart-accuracy-version");
    AccuracyAgainstTruth truth = accuracy.againstTruth();
    List<List<String>> rows = new ArrayList<>();
    rows.add(truthRow("all", truth.overall()));
    for (TruthInterval t : truth.byVersion()) {
      rows.add(truthRow("version " + t.key(), t));
    }
    for (TruthInterval t : truth.byClass()) {
      rows.add(truthRow("class " + t.key(), t));
    }
    return new Sampled(
        chart,
        proportionTable("Version", "Agreed", accuracy.byVersion()),
        proportionTable("Machine's class", "Agreed", accuracy.byClass()),
        truth.assumption(),
        count(truth.labelsByGold()),
        count(truth.labellersWithGold()),
        count(truth.labelsByConsensus()),
        truth.personErrorBound() >= 1 ? null : percent(truth.personErrorBound()),
        table(
            List.of(
                "Samples",
                "n",
                "Agreed",
                "Agreement",
                "Wrong labels (expected)",
                "95% interval against the truth"),
            1,
            rows));
  }

  private static List<String> truthRow(String key, TruthInterval t) {
    return List.of(
        key,
        count(t.n()),
        count(t.agreed()),
        t.n() == 0 ? MISSING : percent(t.agreement()),
        t.n() == 0 ? MISSING : percent(t.wrongLabels()),
        t.n() == 0 ? MISSING : interval(t));
  }

  private static Labour labour(LabourLedger labour, AuditReport.Sources sources) {
    String currency = labour.currency();
    String floor =
        labour.floorHourlyCents() > 0 ? money(labour.floorHourlyCents(), currency) : null;
    return new Labour(
        floor, payLedgerRead(sources), labour.byDay().isEmpty() ? null : ledger(labour));
  }

  private static Ledger ledger(LabourLedger labour) {
    String currency = labour.currency();
    LabourTotals totals = labour.totals();
    WageDistribution wages = labour.wages();
    boolean anyWage = labour.byDay().stream().anyMatch(d -> d.wages().medianHourlyCents() != null);
    String wagesChart =
        !anyWage
            ? null
            : ReportCharts.svg(
                ReportCharts.hourlyWages(labour.byDay(), labour.floorHourlyCents(), currency),
                "chart-wages-day");

    List<List<String>> days = new ArrayList<>();
    for (LabourDay d : labour.byDay()) {
      days.add(
          List.of(
              d.day(),
              count(d.tasks()),
              hours(d.activeHours()),
              count(d.labellers()),
              money(d.pieceCents(), currency),
              money(d.topUpCents(), currency),
              money(d.wages().medianHourlyCents(), currency),
              money(d.wages().p10HourlyCents(), currency),
              d.wages().labellerDays() == 0 ? MISSING : percent(d.wages().shareBelowFloor())));
    }
    List<List<String>> labellers = new ArrayList<>();
    for (LabellerLabour l : labour.byLabeller()) {
      labellers.add(
          List.of(
              l.labeller(),
              count(l.days()),
              count(l.tasks()),
              hours(l.activeHours()),
              money(l.pieceCents(), currency),
              money(l.topUpCents(), currency),
              money(l.medianHourlyCents(), currency)));
    }
    List<List<String>> topUps = new ArrayList<>();
    for (TopUp t : labour.topUps()) {
      topUps.add(
          List.of(
              t.labeller(),
              t.day(),
              money(t.topUpCents(), currency),
              money(t.pieceHourlyCents(), currency),
              money(t.effectiveHourlyCents(), currency)));
    }
    return new Ledger(
        tiles(
            count(totals.tasks()),
            "tasks",
            hours(totals.activeHours()),
            "active hours",
            count(totals.labellers()),
            "labellers",
            money(totals.pieceCents(), currency),
            "piece pay",
            money(totals.topUpCents(), currency),
            "wage-floor top-ups",
            money(totals.paidCents(), currency),
            "paid in all"),
        count(wages.labellerDays()),
        tiles(
            money(wages.medianHourlyCents(), currency),
            "median hourly wage",
            money(wages.p10HourlyCents(), currency),
            "10th percentile",
            wages.labellerDays() == 0 ? MISSING : percent(wages.shareBelowFloor()),
            "of labeller-days below the floor",
            money(wages.medianAfterTopUpHourlyCents(), currency),
            "median after top-ups"),
        wagesChart,
        table(
            List.of(
                "Day",
                "Tasks",
                "Active hours",
                "Labellers",
                "Piece pay",
                "Top-ups",
                "Median hourly wage",
                "10th percentile",
                "Labeller-days below floor"),
            1,
            days),
        table(
            List.of(
                "Labeller",
                "Days",
                "Tasks",
                "Active hours",
                "Piece pay",
                "Top-ups",
                "Median hourly"),
            1,
            labellers),
        topUps.isEmpty()
            ? null
            : table(
                List.of("Labeller", "Day", "Top-up", "Hourly before", "Hourly after"), 2, topUps));
  }

  private static Versions versions(List<VersionLabour> versions, String currency) {
    if (versions.isEmpty()) {
      return null;
    }
    String chart =
        versions.stream().noneMatch(v -> v.total().activeHours() > 0)
            ? null
            : ReportCharts.svg(ReportCharts.labourByVersion(versions), "chart-labour-version");
    List<List<String>> models = new ArrayList<>();
    for (VersionLabour v : versions) {
      models.add(
          List.of(
              v.version(),
              orMissing(v.parent()),
              v.createdAt() == null ? MISSING : UTC_MINUTE.format(v.createdAt()),
              count(v.trainingExamples()),
              percent(v.heldOutAccuracy())));
    }
    List<List<String>> labour = new ArrayList<>();
    for (VersionLabour v : versions) {
      labour.add(
          List.of(
              v.version(),
              count(v.direct().humanLabels()),
              count(v.direct().labellers()),
              hours(v.direct().activeHours()),
              money(v.direct().costCents(), currency),
              count(v.total().humanLabels()),
              count(v.total().labellers()),
              hours(v.total().activeHours()),
              money(v.total().costCents(), currency)));
    }
    return new Versions(
        chart,
        table(
            List.of("Version", "Parent", "Created (UTC)", "Training examples", "Held-out accuracy"),
            3,
            models),
        table(
            List.of(new Group("", 1), new Group("Direct", 4), new Group("In all, with parents", 4)),
            List.of(
                "Version",
                "Labels",
                "Labellers",
                "Active hours",
                "Cost",
                "Labels",
                "Labellers",
                "Active hours",
                "Cost"),
            1,
            labour));
  }

  /** Pairs of figure and caption. */
  private static Tiles tiles(String... figuresAndLabels) {
    List<Tile> tiles = new ArrayList<>();
    for (int i = 0; i < figuresAndLabels.length; i += 2) {
      tiles.add(new Tile(figuresAndLabels[i], figuresAndLabels[i + 1]));
    }
    return new Tiles(tiles);
  }

  private static Table shareTable(String keyColumn, List<Share> shares) {
    return table(
        List.of(keyColumn, "Machine", "People", "Total", "Machine share"),
        1,
        shares.stream()
            .map(
                s ->
                    List.of(
                        s.key(),
                        count(s.machine()),
                        count(s.people()),
                        count(s.total()),
                        percent(s.machineShare())))
            .toList());
  }

  private static Table proportionTable(
      String keyColumn, String successes, List<Proportion> proportions) {
    return table(
        List.of(keyColumn, "n", successes, "Estimate", "95% interval"),
        1,
        proportions.stream()
            .map(
                p ->
                    List.of(
                        p.key(),
                        count(p.n()),
                        count(p.successes()),
                        p.n() == 0 ? MISSING : percent(p.estimate()),
                        p.n() == 0 ? MISSING : interval(p)))
            .toList());
  }

  /** A table whose first {@code textColumns} columns are text and the rest right-aligned. */
  private static Table table(List<String> header, int textColumns, List<List<String>> rows) {
    return table(List.of(), header, textColumns, rows);
  }

  private static Table table(
      List<Group> groups, List<String> header, int textColumns, List<List<String>> rows) {
    return new Table(
        groups,
        cells(header, textColumns),
        rows.stream().map(row -> new Row(cells(row, textColumns))).toList());
  }

  private static List<Cell> cells(List<String> texts, int textColumns) {
    List<Cell> cells = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      cells.add(new Cell(texts.get(i), i >= textColumns));
    }
    return cells;
  }

  /** The builder names the pay ledger "none" when the report was made without it. */
  private static boolean payLedgerRead(AuditReport.Sources sources) {
    return sources.labour() != null && !sources.labour().equals("none");
  }

  private static String orMissing(String text) {
    return text == null ? MISSING : text;
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  private static String cssPercent(double share) {
    return String.format(Locale.ROOT, "%.3f%%", share * 100);
  }

  private static String interval(Proportion p) {
    return percent(p.lower()) + " – " + percent(p.upper());
  }

  private static String interval(TruthInterval t) {
    return percent(t.lower()) + " – " + percent(t.upper());
  }

  private static String hours(double hours) {
    return String.format(Locale.ROOT, "%,.2f", hours);
  }

  private static String money(Long cents, String currency) {
    return cents == null
        ? MISSING
        : currency + " " + String.format(Locale.ROOT, "%,.2f", BigDecimal.valueOf(cents, 2));
  }

  private static String time(Instant instant) {
    return instant == null ? MISSING : UTC_TIME.format(instant);
  }
}
