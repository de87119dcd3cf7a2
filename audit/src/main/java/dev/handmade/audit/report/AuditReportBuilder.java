package dev.handmade.audit.report;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.audit.report.AuditReport.AccuracyAgainstTruth;
import dev.handmade.audit.report.AuditReport.DecisionShares;
import dev.handmade.audit.report.AuditReport.LabellerLabour;
import dev.handmade.audit.report.AuditReport.Labour;
import dev.handmade.audit.report.AuditReport.LabourDay;
import dev.handmade.audit.report.AuditReport.LabourLedger;
import dev.handmade.audit.report.AuditReport.LabourTotals;
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
import dev.handmade.audit.report.LabourInput.LabellerDay;
import dev.handmade.schema.Decision;
import dev.handmade.schema.ModelVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes an {@link AuditReport} from the audit log, the registry's versions and the pay ledger.
 * Every figure is a count or a sum over records; nothing is sampled or smoothed, so the report
 * reconciles record by record with the log it was computed from.
 */
public final class AuditReportBuilder {

  /** Decisions before the first model, or by people with no model opinion, count under this. */
  public static final String NO_VERSION = "none";

  public static final String UNKNOWN = "unknown";

  private static final double MILLIS_PER_HOUR = 3_600_000.0;

  private final Pseudonyms pseudonyms;

  public AuditReportBuilder(Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
  }

  public AuditReport build(
      AuditLogContents log, List<ModelVersion> versions, LabourInput labour, Instant now) {
    ReportAggregate aggregate = new ReportAggregate();
    log.events().forEach(aggregate::add);
    return build(aggregate, log.location(), log.verification(), versions, labour, now);
  }

  /**
   * From the counts of a log's events, e.g. ones kept up to date across reports.
   *
   * @param location where the log was read, e.g. {@code s3://handmade/audit/}
   * @param chain what checking the chain of the files counted found
   */
  public AuditReport build(
      ReportAggregate log,
      String location,
      ChainVerification chain,
      List<ModelVersion> versions,
      LabourInput labour,
      Instant now) {
    Sources sources =
        new Sources(
            location,
            chain.files(),
            log.events,
            log.decisions,
            log.labels,
            log.firstEvent,
            log.lastEvent,
            versions.size(),
            labour.source());
    return new AuditReport(
        now,
        sources,
        chain,
        shares(log),
        accuracy(log, labour),
        ledger(labour),
        billOfMaterials(versions));
  }

  /** The version in charge when the frame was routed: the machine's, or the model's opinion. */
  static String versionOf(Decision d) {
    if (d.getMachine() != null) {
      return d.getMachine().getModelVersion();
    }
    if (d.getHuman() != null && d.getHuman().getMachineOpinion() != null) {
      return d.getHuman().getMachineOpinion().getModelVersion();
    }
    return NO_VERSION;
  }

  private static DecisionShares shares(ReportAggregate log) {
    List<RouteCount> byRoute = new ArrayList<>();
    log.byRoute.forEach(
        (key, n) -> {
          String[] parts = key.split("\t");
          byRoute.add(new RouteCount(parts[0], parts[1], n));
        });
    return new DecisionShares(
        new Share("all", log.overall[0], log.overall[1]),
        timeline(log),
        sortedVersions(shares(log.byVersion)),
        shares(log.byClass),
        shares(log.bySource),
        shares(log.byVehicle),
        byRoute);
  }

  /**
   * Decisions by when they were made and verified labels by when they were verified, in buckets
   * that fit the span of those times; labels that people could not agree on are not counted.
   */
  static Timeline timeline(ReportAggregate log) {
    TimeBuckets buckets = log.fitting;
    long seconds = buckets.length().toSeconds();
    if (log.firstTime == null) {
      return new Timeline(buckets.name(), seconds, List.of());
    }
    Instant origin = buckets.startOf(log.firstTime);
    int n = (int) buckets.count(log.firstTime, log.lastTime);
    long[] machine = new long[n];
    long[] people = new long[n];
    long[] labelled = new long[n];
    log.timeline.forEach(
        (start, counts) -> {
          int i = (int) Math.floorDiv(start - origin.getEpochSecond(), seconds);
          machine[i] += counts[0];
          people[i] += counts[1];
          labelled[i] += counts[2];
        });
    List<TimePoint> points = new ArrayList<>(n);
    long soFar = 0;
    for (int i = 0; i < n; i++) {
      soFar += labelled[i];
      Instant start = origin.plusSeconds(i * seconds);
      points.add(
          new TimePoint(
              start, start.plusSeconds(seconds), machine[i], people[i], labelled[i], soFar));
    }
    return new Timeline(buckets.name(), seconds, points);
  }

  private static List<Share> shares(Map<String, long[]> counts) {
    List<Share> shares = new ArrayList<>();
    counts.forEach((k, c) -> shares.add(new Share(k, c[0], c[1])));
    return shares;
  }

  private MachineAccuracy accuracy(ReportAggregate log, LabourInput labour) {
    Map<String, Proportion> versionsAsVerified = new HashMap<>();
    log.accuracyByVersion.forEach((k, t) -> versionsAsVerified.put(k, t.asVerified(k)));
    List<Proportion> classesAsVerified = new ArrayList<>();
    log.accuracyByClass.forEach((k, t) -> classesAsVerified.add(t.asVerified(k)));
    Proportion all = log.accuracy.asVerified("all");
    return new MachineAccuracy(
        log.confident,
        log.samples,
        all.n(),
        all,
        sortedByVersion(versionsAsVerified),
        classesAsVerified,
        log.disagreement.proportion("all"),
        sortedVersionProportions(log.disagreementByVersion),
        MachineAccuracy.AS_VERIFIED,
        againstTruth(log, PeopleErrorModel.of(labour.gold(), log.peopleDisagreed, pseudonyms)));
  }

  private AccuracyAgainstTruth againstTruth(ReportAggregate log, PeopleErrorModel people) {
    long[] basis = log.accuracy.labelsByBasis(people, pseudonyms);
    Map<String, TruthInterval> versions = new HashMap<>();
    log.accuracyByVersion.forEach((k, t) -> versions.put(k, t.againstTruth(k, people, pseudonyms)));
    List<TruthInterval> classes = new ArrayList<>();
    log.accuracyByClass.forEach((k, t) -> classes.add(t.againstTruth(k, people, pseudonyms)));
    return new AccuracyAgainstTruth(
        AccuracyAgainstTruth.basisOf(basis[0], basis[1]),
        AccuracyAgainstTruth.ASSUMPTION,
        people.labellersWithGold(),
        basis[0],
        basis[1],
        people.personErrorBound(),
        log.accuracy.againstTruth("all", people, pseudonyms),
        sortedByVersion(versions),
        classes);
  }

  /** The values in the order of their keys, which are versions ({@link #compareVersions}). */
  private static <T> List<T> sortedByVersion(Map<String, T> byVersion) {
    List<String> keys = new ArrayList<>(byVersion.keySet());
    keys.sort(AuditReportBuilder::compareVersions);
    return keys.stream().map(byVersion::get).toList();
  }

  private LabourLedger ledger(LabourInput labour) {
    List<LabellerDay> days = labour.days();
    long floor = labour.floorHourlyCents();
    Set<String> labellers = new HashSet<>();
    long tasks = 0;
    long activeMillis = 0;
    long piece = 0;
    long topUp = 0;
    Map<String, List<LabellerDay>> byDay = new TreeMap<>();
    Map<String, List<LabellerDay>> byLabeller = new TreeMap<>();
    List<TopUp> topUps = new ArrayList<>();
    for (LabellerDay d : days) {
      labellers.add(d.labellerId());
      tasks += d.tasks();
      activeMillis += d.activeMillis();
      piece += d.pieceCents();
      topUp += d.topUpCents();
      byDay.computeIfAbsent(d.day(), k -> new ArrayList<>()).add(d);
      String pseudonym = pseudonyms.of(d.labellerId());
      byLabeller.computeIfAbsent(pseudonym, k -> new ArrayList<>()).add(d);
      if (d.topUpCents() > 0) {
        topUps.add(
            new TopUp(
                pseudonym,
                d.day(),
                d.topUpCents(),
                hourly(d.pieceCents(), d),
                hourly(d.pieceCents() + d.topUpCents(), d)));
      }
    }
    topUps.sort(Comparator.comparing(TopUp::day).thenComparing(TopUp::labeller));
    List<LabourDay> dayRows = new ArrayList<>();
    byDay.forEach(
        (day, rows) ->
            dayRows.add(
                new LabourDay(
                    day,
                    sum(rows, LabellerDay::tasks),
                    sum(rows, LabellerDay::activeMillis) / MILLIS_PER_HOUR,
                    (int) rows.stream().map(LabellerDay::labellerId).distinct().count(),
                    sum(rows, LabellerDay::pieceCents),
                    sum(rows, LabellerDay::topUpCents),
                    wages(rows, floor))));
    List<LabellerLabour> labellerRows = new ArrayList<>();
    byLabeller.forEach(
        (pseudonym, rows) ->
            labellerRows.add(
                new LabellerLabour(
                    pseudonym,
                    (int) rows.stream().map(LabellerDay::day).distinct().count(),
                    sum(rows, LabellerDay::tasks),
                    sum(rows, LabellerDay::activeMillis) / MILLIS_PER_HOUR,
                    sum(rows, LabellerDay::pieceCents),
                    sum(rows, LabellerDay::topUpCents),
                    wages(rows, floor).medianHourlyCents())));
    return new LabourLedger(
        labour.currency(),
        floor,
        new LabourTotals(
            tasks, activeMillis / MILLIS_PER_HOUR, labellers.size(), piece, topUp, piece + topUp),
        wages(days, floor),
        dayRows,
        labellerRows,
        topUps);
  }

  /** Over labeller-days with active time; piece pay before the top-up is what the floor judges. */
  static WageDistribution wages(List<LabellerDay> days, long floorHourlyCents) {
    List<Long> piece = new ArrayList<>();
    List<Long> effective = new ArrayList<>();
    long below = 0;
    for (LabellerDay d : days) {
      Long hourly = hourly(d.pieceCents(), d);
      if (hourly == null) {
        continue;
      }
      piece.add(hourly);
      effective.add(hourly(d.pieceCents() + d.topUpCents(), d));
      if (hourly < floorHourlyCents) {
        below++;
      }
    }
    piece.sort(null);
    effective.sort(null);
    return new WageDistribution(
        piece.size(),
        percentile(piece, 0.5),
        percentile(piece, 0.1),
        piece.isEmpty() ? 0 : (double) below / piece.size(),
        percentile(effective, 0.5));
  }

  /** Cents per active hour, rounded down; null without active time. */
  private static Long hourly(long cents, LabellerDay d) {
    return d.activeMillis() <= 0
        ? null
        : (long) Math.floor(cents * MILLIS_PER_HOUR / d.activeMillis());
  }

  /** Nearest rank: the smallest value with at least share {@code p} of values at or below it. */
  static Long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static long sum(
      List<LabellerDay> rows, java.util.function.ToLongFunction<LabellerDay> f) {
    return rows.stream().mapToLong(f).sum();
  }

  private static List<VersionLabour> billOfMaterials(List<ModelVersion> versions) {
    Map<String, ModelVersion> byName = new HashMap<>();
    for (ModelVersion v : versions) {
      byName.put(v.getVersion(), v);
    }
    List<VersionLabour> rows = new ArrayList<>();
    for (ModelVersion v :
        versions.stream().sorted(Comparator.comparingInt(ModelVersion::getNumber)).toList()) {
      long labels = 0;
      double hours = 0;
      long cost = 0;
      Set<String> labellers = new HashSet<>();
      Set<String> seen = new HashSet<>();
      for (ModelVersion a = v;
          a != null && seen.add(a.getVersion());
          a = a.getParent() == null ? null : byName.get(a.getParent())) {
        labels += a.getLabour().getHumanLabels();
        hours += a.getLabour().getActiveHours();
        cost += a.getLabour().getCostCents();
        labellers.addAll(a.getLabour().getLabellerIds());
      }
      var direct = v.getLabour();
      rows.add(
          new VersionLabour(
              v.getVersion(),
              v.getParent(),
              v.getCreatedAt(),
              v.getTrainingExamples(),
              v.getEvaluation().getAccuracy(),
              new Labour(
                  direct.getHumanLabels(),
                  Set.copyOf(direct.getLabellerIds()).size(),
                  direct.getActiveHours(),
                  direct.getCostCents()),
              new Labour(labels, labellers.size(), hours, cost)));
    }
    return rows;
  }

  private static List<Proportion> proportions(Map<String, ReportAggregate.Tally> tallies) {
    List<Proportion> out = new ArrayList<>();
    tallies.forEach((key, t) -> out.add(t.proportion(key)));
    return out;
  }

  private static List<Proportion> sortedVersionProportions(
      Map<String, ReportAggregate.Tally> tallies) {
    List<Proportion> out = proportions(tallies);
    out.sort(Comparator.comparing(Proportion::key, AuditReportBuilder::compareVersions));
    return out;
  }

  private static List<Share> sortedVersions(List<Share> shares) {
    List<Share> out = new ArrayList<>(shares);
    out.sort(Comparator.comparing(Share::key, AuditReportBuilder::compareVersions));
    return out;
  }

  /** "none" first, then v1, v2, ..., v10 by number; anything else by name after them. */
  static int compareVersions(String a, String b) {
    return Long.compare(versionRank(a), versionRank(b)) != 0
        ? Long.compare(versionRank(a), versionRank(b))
        : a.compareTo(b);
  }

  private static long versionRank(String version) {
    if (NO_VERSION.equals(version)) {
      return -1;
    }
    if (version.matches("v\\d{1,9}")) {
      return Long.parseLong(version.substring(1));
    }
    return Long.MAX_VALUE;
  }
}
