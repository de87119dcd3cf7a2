package dev.handmade.audit.render;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.AuditReport.AccuracyAgainstTruth;
import dev.handmade.audit.report.AuditReport.DecisionShares;
import dev.handmade.audit.report.AuditReport.LabourDay;
import dev.handmade.audit.report.AuditReport.LabourLedger;
import dev.handmade.audit.report.AuditReport.LabourTotals;
import dev.handmade.audit.report.AuditReport.LabellerLabour;
import dev.handmade.audit.report.AuditReport.MachineAccuracy;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.RouteCount;
import dev.handmade.audit.report.AuditReport.Share;
import dev.handmade.audit.report.AuditReport.Sources;
import dev.handmade.audit.report.AuditReport.TimePoint;
import dev.handmade.audit.report.AuditReport.Timeline;
import dev.handmade.audit.report.AuditReport.TopUp;
import dev.handmade.audit.report.AuditReport.TruthInterval;
import dev.handmade.audit.report.AuditReport.VersionLabour;
import dev.handmade.audit.report.AuditReport.WageDistribution;
import dev.handmade.audit.report.TimeBuckets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The audit report as one self-contained HTML page that an auditor can open from disk or mail:
 * inline CSS and SVG charts, no scripts and nothing fetched. Each section opens with what its
 * figures mean, and a section without data says so in words instead of drawing an empty chart.
 */
public final class ReportHtml {

  private static final String MISSING = "–";
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter UTC_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String STYLE = """
      :root { --ink: #1f2933; --muted: #52606d; --line: #e4e7eb; --machine: #3b6ea8;
        --people: #e08a3c; }
      * { box-sizing: border-box; }
      body { margin: 0; background: #f5f7fa; color: var(--ink);
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
      main { max-width: 1040px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
      h1 { font-size: 28px; margin: 8px 0 4px; }
      h2 { font-size: 22px; margin: 40px 0 8px; padding-top: 16px;
        border-top: 2px solid var(--line); }
      h3 { font-size: 17px; margin: 28px 0 8px; }
      p { margin: 8px 0; max-width: 78ch; }
      .meta, .note { color: var(--muted); }
      .lede { font-size: 16px; }
      .empty { color: var(--muted); font-style: italic; }
      nav { margin: 12px 0 0; }
      nav a { margin-right: 16px; color: var(--machine); text-decoration: none; }
      code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #f0f2f5;
        padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
      table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; min-width: 50%; }
      .table { max-width: 100%; overflow-x: auto; }
      th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left;
        vertical-align: bottom; }
      th { background: #f0f2f5; font-weight: 600; }
      th.group { text-align: center; border-bottom: 2px solid #fff; }
      td { white-space: nowrap; }
      .num { text-align: right; font-variant-numeric: tabular-nums; }
      tbody tr:nth-child(even) { background: #fafbfc; }
      table.facts th { background: none; font-weight: normal; color: var(--muted); }
      table.facts td { white-space: normal; }
      .status { margin: 12px 0; padding: 12px 16px; border-left: 6px solid; border-radius: 4px; }
      .status.ok { background: #e8f5e9; border-color: #2e7d32; color: #1b5e20; }
      .status.broken { background: #fdecea; border-color: #c62828; color: #8e1c1c; }
      .status ol { margin: 8px 0 0; padding-left: 24px; }
      .tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
      .tile { flex: 1 1 140px; padding: 10px 14px; border: 1px solid var(--line);
        border-radius: 6px; }
      .tile .figure { display: block; font-size: 21px; font-weight: 600; white-space: nowrap;
        font-variant-numeric: tabular-nums; }
      .tile .label { color: var(--muted); font-size: 13px; }
      .sharebar { display: flex; height: 22px; border-radius: 4px; overflow: hidden;
        margin: 8px 0 4px; background: var(--line); }
      .sharebar .machine { background: var(--machine); }
      .sharebar .people { background: var(--people); }
      .key { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px;
        border-radius: 2px; }
      figure { margin: 12px 0 20px; }
      svg.chart { display: block; width: 100%; max-width: 760px; height: auto;
        border: 1px solid var(--line); border-radius: 6px; }
      """;

  private ReportHtml() {}

  public static String render(AuditReport report) {
    Page page = new Page();
    page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .raw("<title>").text("Handmade audit report, " + time(report.generatedAt()))
        .raw("</title>\n<style>\n").raw(STYLE).raw("</style>\n</head>\n<body>\n<main>\n");
    header(page, report);
    sources(page, report.sources());
    chain(page, report.chain());
    decisions(page, report.decisions());
    accuracy(page, report.accuracy());
    labour(page, report.labour(), report.sources());
    versions(page, report.versions(), report.labour().currency());
    page.raw("</main>\n</body>\n</html>\n");
    return page.toString();
  }

  /** Writes the page to {@code file} in UTF-8, creating its folder. */
  public static void write(AuditReport report, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, render(report), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** {@code text} safe to place in HTML element content and in quoted attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void header(Page page, AuditReport report) {
    page.raw("<header>\n<h1>Handmade audit report</h1>\n<p class=\"meta\">Computed ")
        .text(time(report.generatedAt())).raw(" from the audit log at ")
        .code(report.sources().auditLog());
    if (payLedgerRead(report.sources())) {
      page.text(" and the pay ledger (" + report.sources().labour() + ")");
    } else {
      page.text(", without the pay ledger");
    }
    page.raw(".</p>\n<nav>")
        .raw("<a href=\"#sources\">Sources</a><a href=\"#chain\">Hash chain</a>")
        .raw("<a href=\"#decisions\">Decisions</a><a href=\"#accuracy\">Machine accuracy</a>")
        .raw("<a href=\"#labour\">Labour ledger</a>")
        .raw("<a href=\"#versions\">Labour per model version</a></nav>\n</header>\n");
  }

  private static void sources(Page page, Sources sources) {
    page.section("sources", "Sources")
        .lede("What this report was computed from. Every figure below is derived from these "
            + "records and nothing else.")
        .facts(List.of(
            List.of("Audit log", orMissing(sources.auditLog())),
            List.of("Committed audit files", count(sources.auditFiles())),
            List.of("Events", count(sources.events())),
            List.of("Decisions", count(sources.decisions())),
            List.of("Human labels", count(sources.humanLabels())),
            List.of("First event", time(sources.firstEvent())),
            List.of("Last event", time(sources.lastEvent())),
            List.of("Model versions", count(sources.modelVersions())),
            List.of("Pay ledger", orMissing(sources.labour()))))
        .raw("</section>\n");
  }

  private static void chain(Page page, ChainVerification chain) {
    page.section("chain", "Hash chain")
        .lede("Every record in the audit log carries a hash of itself and of the record before "
            + "it, so a record altered, removed, inserted or reordered after it was written "
            + "breaks the chain.");
    if (chain.records() == 0 && chain.intact()) {
      page.raw("<div class=\"status ok\"><strong>Empty.</strong> ")
          .text("The audit log holds no records yet, so there is no chain to break.")
          .raw("</div>\n");
    } else if (chain.intact()) {
      page.raw("<div class=\"status ok\"><strong>Intact.</strong> ")
          .text(count(chain.files()) + " files and " + count(chain.records())
              + " records checked; the chain holds from the first record to the last.")
          .raw("</div>\n");
    } else {
      page.raw("<div class=\"status broken\"><strong>Broken: ")
          .text(count(chain.problems().size()) + (chain.problems().size() == 1 ? " problem"
              : " problems"))
          .raw(".</strong> ")
          .text(count(chain.files()) + " files and " + count(chain.records())
              + " records checked. Figures below rest on a log that may have been altered.")
          .raw("\n<ol>\n");
      for (String problem : chain.problems()) {
        page.raw("<li>").text(problem).raw("</li>\n");
      }
      page.raw("</ol>\n</div>\n");
    }
    page.raw("<p>Head hash: ").code(chain.head()).raw("</p>\n<p class=\"note\">")
        .text("Write the head hash down or publish it: a later check against it shows whether "
            + "files were cut off the end of the log, which the chain alone cannot show.")
        .raw("</p>\n</section>\n");
  }

  private static void decisions(Page page, DecisionShares decisions) {
    page.section("decisions", "Decisions")
        .lede("Every frame gets one final decision: by the machine when the model was confident, "
            + "or by people when the frame was routed to them and they reached a verified label. "
            + "The shares count those final decisions.");
    Share overall = decisions.overall();
    if (overall.total() == 0) {
      page.empty("No decisions are recorded yet.").raw("</section>\n");
      return;
    }
    page.tiles(List.of(
        List.of(count(overall.total()), "final decisions"),
        List.of(percent(overall.machineShare()), "by the machine (" + count(overall.machine())
            + ")"),
        List.of(percent(overall.peopleShare()), "by people (" + count(overall.people()) + ")")));
    page.raw("<div class=\"sharebar\" title=\"machine versus people\">")
        .raw("<span class=\"machine\" style=\"width:" + cssPercent(overall.machineShare())
            + "\"></span><span class=\"people\" style=\"width:"
            + cssPercent(overall.peopleShare()) + "\"></span></div>\n")
        .raw("<p class=\"note\"><span class=\"key\" style=\"background:var(--machine)\"></span>")
        .raw("machine<span class=\"key\" style=\"background:var(--people)\"></span>people</p>\n");

    Timeline timeline = decisions.overTime();
    if (timeline.points().stream().anyMatch(p -> p.total() > 0)) {
      page.h3("Over time")
          .note("Per " + timeline.bucket() + " (UTC), " + count(timeline.points().size())
              + " buckets: the bucket's length fits the span from the first decision or "
              + "verified label to the last, in at most " + TimeBuckets.MAX_BUCKETS
              + " buckets. A bucket without decisions is a gap in the line; the first and last "
              + "may hold only part of their length, so weigh their share by their bar.")
          .chart(ReportCharts.svg(ReportCharts.machineShareOverTime(timeline),
              "chart-share-time"))
          .chart(ReportCharts.svg(ReportCharts.decisionsOverTime(timeline),
              "chart-decisions-time"));
      TimePoint last = timeline.points().get(timeline.points().size() - 1);
      page.h3("Against human labels spent")
          .note("The same buckets, each placed at the human labels verified from the start of "
              + "the log to the bucket's end (" + count(last.verifiedLabelsSoFar())
              + " in all): what people's labels bought. Where the line climbs without moving "
              + "right, the machine took on more without new labels.")
          .chart(ReportCharts.svg(ReportCharts.machineShareByLabels(timeline),
              "chart-share-labels"));
    }
    if (!decisions.byVersion().isEmpty()) {
      page.h3("Per model version")
          .note("The version in charge when the frame was routed; \"none\" is before the first "
              + "model.")
          .chart(ReportCharts.svg(ReportCharts.decisionsPerVersion(decisions.byVersion()),
              "chart-decisions-version"));
    }
    page.shareTable("Per class", "Class", decisions.byClass());
    page.shareTable("Per source", "Source", decisions.bySource());
    page.shareTable("Per vehicle", "Vehicle", decisions.byVehicle());
    page.h3("Per route")
        .note("Where the router sent each frame, and who made the final decision on it.");
    List<List<String>> routes = new ArrayList<>();
    for (RouteCount r : decisions.byRoute()) {
      routes.add(List.of(r.route(), r.madeBy(), count(r.decisions())));
    }
    page.table(List.of("Route", "Decided by", "Decisions"), 2, routes).raw("</section>\n");
  }

  private static void accuracy(Page page, MachineAccuracy accuracy) {
    page.section("accuracy", "Machine accuracy")
        .lede("Accuracy is estimated from random audit samples: confident machine decisions that "
            + "people also labelled. Two intervals are given: with the verified label taken as "
            + "right (a 95% Wilson score interval of the machine's agreement with people), and "
            + "against the truth, widened for the chance that people's verified label is wrong.");
    Proportion overall = accuracy.overall();
    TruthInterval truth = accuracy.againstTruth().overall();
    page.tiles(List.of(
        List.of(count(accuracy.confidentDecisions()), "confident machine decisions"),
        List.of(count(accuracy.auditSamples()), "drawn as audit samples"),
        List.of(count(accuracy.auditSamplesVerified()), "audit samples people verified"),
        List.of(overall.n() == 0 ? MISSING : percent(overall.estimate()),
            overall.n() == 0 ? "accuracy" : "agreement with people, 95% interval "
                + interval(overall) + " taking their label as right"),
        List.of(truth.n() == 0 ? MISSING : interval(truth),
            "accuracy against the truth, allowing for people's errors by "
                + accuracy.againstTruth().basis())));
    if (overall.n() == 0) {
      page.empty("No audit sample has a verified label yet, so the machine's accuracy cannot be "
          + "estimated.");
    } else {
      List<Proportion> sampledVersions =
          accuracy.byVersion().stream().filter(p -> p.n() > 0).toList();
      if (!sampledVersions.isEmpty()) {
        page.chart(ReportCharts.svg(ReportCharts.accuracy(sampledVersions),
            "chart-accuracy-version"));
      }
      page.proportionTable("Per model version", "Version", "Agreed", accuracy.byVersion());
      page.proportionTable("Per class", "Machine's class", "Agreed", accuracy.byClass());
      againstTruth(page, accuracy.againstTruth());
    }

    page.h3("Disagreement on routed frames")
        .note("Of the frames people decided, the share where the model's top class differed "
            + "from theirs. These are frames the model was unsure of, so this rate is expected "
            + "to be far higher than the error on confident decisions.");
    Proportion disagreement = accuracy.disagreement();
    if (disagreement.n() == 0) {
      page.empty("No routed frame has a verified label with the model's opinion yet.");
    } else {
      page.raw("<p>").text(percent(disagreement.estimate()) + " of " + count(disagreement.n())
          + " routed frames (95% interval " + interval(disagreement) + ").").raw("</p>\n");
      page.proportionTable("Disagreement per model version", "Version", "Disagreed",
          accuracy.disagreementByVersion());
    }
    page.raw("</section>\n");
  }

  private static void againstTruth(Page page, AccuracyAgainstTruth truth) {
    String bound = truth.personErrorBound() >= 1
        ? "which bounds nothing here: no verified label has two answers"
        : "one person wrong at most " + percent(truth.personErrorBound()) + " of the time";
    String people = "Of the verified labels, " + count(truth.labelsByGold()) + " were priced by "
        + "their labellers' gold accuracy (" + count(truth.labellersWithGold()) + " labellers have "
        + "a gold record) and " + count(truth.labelsByConsensus()) + " by the consensus-"
        + "disagreement bound (" + bound + ").";
    page.h3("Against the truth, allowing for people's errors")
        .note("The verified label is not the truth: the machine's accuracy differs from its "
            + "agreement with people by at most the share of wrong labels. Assumption: "
            + truth.assumption() + ". " + people);
    List<List<String>> rows = new ArrayList<>();
    rows.add(truthRow("all", truth.overall()));
    for (TruthInterval t : truth.byVersion()) {
      rows.add(truthRow("version " + t.key(), t));
    }
    for (TruthInterval t : truth.byClass()) {
      rows.add(truthRow("class " + t.key(), t));
    }
    page.table(List.of("Samples", "n", "Agreed", "Agreement", "Wrong labels (expected)",
        "95% interval against the truth"), 1, rows);
  }

  private static List<String> truthRow(String key, TruthInterval t) {
    return List.of(key, count(t.n()), count(t.agreed()),
        t.n() == 0 ? MISSING : percent(t.agreement()),
        t.n() == 0 ? MISSING : percent(t.wrongLabels()), t.n() == 0 ? MISSING : interval(t));
  }

  private static void labour(Page page, LabourLedger labour, Sources sources) {
    String currency = labour.currency();
    String floor = labour.floorHourlyCents() > 0
        ? "a labeller-day below the wage floor of " + money(labour.floorHourlyCents(), currency)
            + " an hour is topped up to it"
        : "no wage floor is configured";
    page.section("labour", "Labour ledger")
        .lede("What the labelling service paid people, from its pay ledger. Pay is per task; "
            + "the effective hourly wage is that piece pay per active hour, and " + floor
            + ". Labellers appear under pseudonyms.");
    if (labour.byDay().isEmpty()) {
      page.empty(payLedgerRead(sources) ? "No labour is recorded yet."
          : "The pay ledger was not read for this report.").raw("</section>\n");
      return;
    }
    LabourTotals totals = labour.totals();
    page.tiles(List.of(
        List.of(count(totals.tasks()), "tasks"),
        List.of(hours(totals.activeHours()), "active hours"),
        List.of(count(totals.labellers()), "labellers"),
        List.of(money(totals.pieceCents(), currency), "piece pay"),
        List.of(money(totals.topUpCents(), currency), "wage-floor top-ups"),
        List.of(money(totals.paidCents(), currency), "paid in all")));

    WageDistribution wages = labour.wages();
    page.h3("Hourly wages")
        .note("Piece pay per active hour before top-ups, over " + count(wages.labellerDays())
            + " labeller-days with active time.");
    page.tiles(List.of(
        List.of(money(wages.medianHourlyCents(), currency), "median hourly wage"),
        List.of(money(wages.p10HourlyCents(), currency), "10th percentile"),
        List.of(wages.labellerDays() == 0 ? MISSING : percent(wages.shareBelowFloor()),
            "of labeller-days below the floor"),
        List.of(money(wages.medianAfterTopUpHourlyCents(), currency), "median after top-ups")));
    if (labour.byDay().stream().anyMatch(d -> d.wages().medianHourlyCents() != null)) {
      page.chart(ReportCharts.svg(
          ReportCharts.hourlyWages(labour.byDay(), labour.floorHourlyCents(), currency),
          "chart-wages-day"));
    }

    page.h3("Per day");
    List<List<String>> days = new ArrayList<>();
    for (LabourDay d : labour.byDay()) {
      days.add(List.of(d.day(), count(d.tasks()), hours(d.activeHours()), count(d.labellers()),
          money(d.pieceCents(), currency), money(d.topUpCents(), currency),
          money(d.wages().medianHourlyCents(), currency),
          money(d.wages().p10HourlyCents(), currency),
          d.wages().labellerDays() == 0 ? MISSING : percent(d.wages().shareBelowFloor())));
    }
    page.table(List.of("Day", "Tasks", "Active hours", "Labellers", "Piece pay", "Top-ups",
        "Median hourly wage", "10th percentile", "Labeller-days below floor"), 1, days);

    page.h3("Per labeller");
    List<List<String>> labellers = new ArrayList<>();
    for (LabellerLabour l : labour.byLabeller()) {
      labellers.add(List.of(l.labeller(), count(l.days()), count(l.tasks()),
          hours(l.activeHours()), money(l.pieceCents(), currency),
          money(l.topUpCents(), currency), money(l.medianHourlyCents(), currency)));
    }
    page.table(List.of("Labeller", "Days", "Tasks", "Active hours", "Piece pay", "Top-ups",
        "Median hourly"), 1, labellers);

    page.h3("Top-ups").note("Labeller-days whose piece pay fell below the floor, and what "
        + "lifted them to it.");
    if (labour.topUps().isEmpty()) {
      page.empty("No labeller-day needed a top-up.");
    } else {
      List<List<String>> topUps = new ArrayList<>();
      for (TopUp t : labour.topUps()) {
        topUps.add(List.of(t.labeller(), t.day(), money(t.topUpCents(), currency),
            money(t.pieceHourlyCents(), currency), money(t.effectiveHourlyCents(), currency)));
      }
      page.table(List.of("Labeller", "Day", "Top-up", "Hourly before", "Hourly after"), 2,
          topUps);
    }
    page.raw("</section>\n");
  }

  private static void versions(Page page, List<VersionLabour> versions, String currency) {
    page.section("versions", "Labour per model version")
        .lede("The human labour inside each model version: the verified labels it was trained "
            + "on directly, and in all, adding the labour inside its parent versions. Cost is "
            + "what people were paid for those labels.");
    if (versions.isEmpty()) {
      page.empty("No model version is registered yet.").raw("</section>\n");
      return;
    }
    if (versions.stream().anyMatch(v -> v.total().activeHours() > 0)) {
      page.chart(ReportCharts.svg(ReportCharts.labourByVersion(versions),
          "chart-labour-version"));
    }
    page.h3("Versions");
    List<List<String>> models = new ArrayList<>();
    for (VersionLabour v : versions) {
      models.add(List.of(v.version(), orMissing(v.parent()),
          v.createdAt() == null ? MISSING : UTC_MINUTE.format(v.createdAt()),
          count(v.trainingExamples()), percent(v.heldOutAccuracy())));
    }
    page.table(List.of("Version", "Parent", "Created (UTC)", "Training examples",
        "Held-out accuracy"), 3, models);
    page.h3("Labour in each version");
    List<List<String>> labour = new ArrayList<>();
    for (VersionLabour v : versions) {
      labour.add(List.of(v.version(),
          count(v.direct().humanLabels()), count(v.direct().labellers()),
          hours(v.direct().activeHours()), money(v.direct().costCents(), currency),
          count(v.total().humanLabels()), count(v.total().labellers()),
          hours(v.total().activeHours()), money(v.total().costCents(), currency)));
    }
    page.table(
        List.of(new Group("", 1), new Group("Direct", 4), new Group("In all, with parents", 4)),
        List.of("Version", "Labels", "Labellers", "Active hours", "Cost", "Labels", "Labellers",
            "Active hours", "Cost"),
        1, labour).raw("</section>\n");
  }

  /** The builder names the pay ledger "none" when the report was made without it. */
  private static boolean payLedgerRead(Sources sources) {
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
    return cents == null ? MISSING
        : currency + " " + String.format(Locale.ROOT, "%,.2f", BigDecimal.valueOf(cents, 2));
  }

  private static String time(Instant instant) {
    return instant == null ? MISSING : UTC_TIME.format(instant);
  }

  /** A heading over {@code columns} adjacent columns of a table. */
  private record Group(String label, int columns) {}

  /** The page being written; every method that takes text escapes it. */
  private static final class Page {

    private final StringBuilder html = new StringBuilder(64 * 1024);

    Page raw(String markup) {
      html.append(markup);
      return this;
    }

    Page text(String text) {
      html.append(escape(text));
      return this;
    }

    Page code(String text) {
      return raw("<code>").text(text).raw("</code>");
    }

    Page section(String id, String title) {
      return raw("<section id=\"" + id + "\">\n<h2>").text(title).raw("</h2>\n");
    }

    Page h3(String title) {
      return raw("<h3>").text(title).raw("</h3>\n");
    }

    Page lede(String text) {
      return raw("<p class=\"lede\">").text(text).raw("</p>\n");
    }

    Page note(String text) {
      return raw("<p class=\"note\">").text(text).raw("</p>\n");
    }

    Page empty(String text) {
      return raw("<p class=\"empty\">").text(text).raw("</p>\n");
    }

    Page chart(String svg) {
      return raw("<figure>\n").raw(svg).raw("\n</figure>\n");
    }

    /** Big figures with a caption each: pairs of figure and label. */
    Page tiles(List<List<String>> figures) {
      raw("<div class=\"tiles\">\n");
      for (List<String> figure : figures) {
        raw("<div class=\"tile\"><span class=\"figure\">").text(figure.get(0))
            .raw("</span><span class=\"label\">").text(figure.get(1)).raw("</span></div>\n");
      }
      return raw("</div>\n");
    }

    /** A two-column table of names and values. */
    Page facts(List<List<String>> rows) {
      raw("<table class=\"facts\"><tbody>\n");
      for (List<String> row : rows) {
        raw("<tr><th scope=\"row\">").text(row.get(0)).raw("</th><td>").text(row.get(1))
            .raw("</td></tr>\n");
      }
      return raw("</tbody></table>\n");
    }

    /** A table whose first {@code textColumns} columns are text and the rest right-aligned. */
    Page table(List<String> header, int textColumns, List<List<String>> rows) {
      return table(List.of(), header, textColumns, rows);
    }

    /** The same, with {@code groups} heading runs of columns above the header. */
    Page table(List<Group> groups, List<String> header, int textColumns,
        List<List<String>> rows) {
      raw("<div class=\"table\"><table>\n<thead>");
      if (!groups.isEmpty()) {
        raw("<tr>");
        for (Group group : groups) {
          raw("<th class=\"group\" colspan=\"" + group.columns() + "\">").text(group.label())
              .raw("</th>");
        }
        raw("</tr>");
      }
      raw("<tr>");
      for (int i = 0; i < header.size(); i++) {
        raw(i < textColumns ? "<th>" : "<th class=\"num\">").text(header.get(i)).raw("</th>");
      }
      raw("</tr></thead>\n<tbody>\n");
      for (List<String> row : rows) {
        raw("<tr>");
        for (int i = 0; i < row.size(); i++) {
          raw(i < textColumns ? "<td>" : "<td class=\"num\">").text(row.get(i)).raw("</td>");
        }
        raw("</tr>\n");
      }
      return raw("</tbody>\n</table></div>\n");
    }

    Page shareTable(String title, String keyColumn, List<Share> shares) {
      h3(title);
      return table(List.of(keyColumn, "Machine", "People", "Total", "Machine share"), 1,
          rows(shares, s -> List.of(s.key(), count(s.machine()), count(s.people()),
              count(s.total()), percent(s.machineShare()))));
    }

    Page proportionTable(String title, String keyColumn, String successes,
        List<Proportion> proportions) {
      h3(title);
      return table(List.of(keyColumn, "n", successes, "Estimate", "95% interval"), 1,
          rows(proportions, p -> List.of(p.key(), count(p.n()), count(p.successes()),
              p.n() == 0 ? MISSING : percent(p.estimate()),
              p.n() == 0 ? MISSING : interval(p))));
    }

    private static <T> List<List<String>> rows(List<T> items, Function<T, List<String>> row) {
      return items.stream().map(row).toList();
    }

    @Override
    public String toString() {
      return html.toString();
    }
  }
}
