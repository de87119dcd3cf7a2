package dev.handmade.audit.report;

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
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

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

  public AuditReport build(AuditLogContents log, List<ModelVersion> versions, LabourInput labour,
      Instant now) {
    List<Decision> decisions = new ArrayList<>();
    List<HumanLabel> labels = new ArrayList<>();
    Instant first = null;
    Instant last = null;
    for (AuditEvent event : log.events()) {
      if (event.getDecision() != null) {
        decisions.add(event.getDecision());
      }
      if (event.getLabel() != null) {
        labels.add(event.getLabel());
      }
      Instant at = event.getRecordedAt();
      first = first == null || at.isBefore(first) ? at : first;
      last = last == null || at.isAfter(last) ? at : last;
    }
    Sources sources = new Sources(log.location(), log.verification().files(), log.events().size(),
        decisions.size(), labels.size(), first, last, versions.size(), labour.source());
    return new AuditReport(now, sources, log.verification(), shares(decisions, labels),
        accuracy(decisions, labels, labour), ledger(labour), billOfMaterials(versions));
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

  private static DecisionShares shares(List<Decision> decisions, List<HumanLabel> labels) {
    Map<String, Long> routes = new TreeMap<>();
    for (Decision d : decisions) {
      routes.merge(d.getRoute().name() + "\t" + d.getMadeBy().name(), 1L, Long::sum);
    }
    List<RouteCount> byRoute = new ArrayList<>();
    routes.forEach((key, n) -> {
      String[] parts = key.split("\t");
      byRoute.add(new RouteCount(parts[0], parts[1], n));
    });
    return new DecisionShares(
        sharesBy(decisions, d -> "all").stream().findFirst().orElse(new Share("all", 0, 0)),
        timeline(decisions, labels),
        sortedVersions(sharesBy(decisions, AuditReportBuilder::versionOf)),
        sharesBy(decisions, d -> d.getLabel().name()),
        sharesBy(decisions, d -> d.getSource() == null ? UNKNOWN : d.getSource()),
        sharesBy(decisions, d -> d.getVehicleId() == null ? UNKNOWN : d.getVehicleId()),
        byRoute);
  }

  /**
   * Decisions by when they were made and verified labels by when they were verified, in buckets
   * that fit the span of those times; labels that people could not agree on are not counted.
   */
  static Timeline timeline(List<Decision> decisions, List<HumanLabel> labels) {
    List<Instant> verified = labels.stream()
        .filter(l -> l.getOutcome() == LabelOutcome.VERIFIED)
        .map(HumanLabel::getVerifiedAt).toList();
    List<Instant> times = new ArrayList<>(verified);
    decisions.forEach(d -> times.add(d.getDecidedAt()));
    Instant first = times.stream().min(Comparator.naturalOrder()).orElse(null);
    Instant last = times.stream().max(Comparator.naturalOrder()).orElse(null);
    TimeBuckets buckets = TimeBuckets.fitting(first, last);
    long seconds = buckets.length().toSeconds();
    if (first == null) {
      return new Timeline(buckets.name(), seconds, List.of());
    }
    Instant origin = buckets.startOf(first);
    int n = (int) buckets.count(first, last);
    long[] machine = new long[n];
    long[] people = new long[n];
    long[] labelled = new long[n];
    for (Decision d : decisions) {
      int i = bucket(origin, seconds, d.getDecidedAt());
      if (d.getMadeBy() == DecisionMaker.MACHINE) {
        machine[i]++;
      } else {
        people[i]++;
      }
    }
    for (Instant at : verified) {
      labelled[bucket(origin, seconds, at)]++;
    }
    List<TimePoint> points = new ArrayList<>(n);
    long soFar = 0;
    for (int i = 0; i < n; i++) {
      soFar += labelled[i];
      Instant start = origin.plusSeconds(i * seconds);
      points.add(new TimePoint(start, start.plusSeconds(seconds), machine[i], people[i],
          labelled[i], soFar));
    }
    return new Timeline(buckets.name(), seconds, points);
  }

  private static int bucket(Instant origin, long seconds, Instant at) {
    return (int) Math.floorDiv(at.getEpochSecond() - origin.getEpochSecond(), seconds);
  }

  private static List<Share> sharesBy(List<Decision> decisions, Function<Decision, String> key) {
    Map<String, long[]> counts = new TreeMap<>();
    for (Decision d : decisions) {
      long[] c = counts.computeIfAbsent(key.apply(d), k -> new long[2]);
      c[d.getMadeBy() == DecisionMaker.MACHINE ? 0 : 1]++;
    }
    List<Share> shares = new ArrayList<>();
    counts.forEach((k, c) -> shares.add(new Share(k, c[0], c[1])));
    return shares;
  }

  private MachineAccuracy accuracy(List<Decision> decisions, List<HumanLabel> labels,
      LabourInput labour) {
    Map<String, HumanLabel> verdicts = new HashMap<>();
    PeopleErrorModel.Disagreement peopleDisagreed = new PeopleErrorModel.Disagreement();
    for (HumanLabel l : labels) {
      peopleDisagreed.add(l);
      if (l.getKind() == TaskKind.AUDIT && l.getOutcome() == LabelOutcome.VERIFIED
          && l.getLabel() != null) {
        verdicts.putIfAbsent(l.getFrameId(), l);
      }
    }
    long confident = 0;
    long samples = 0;
    AgreementTally overall = new AgreementTally();
    Map<String, AgreementTally> byVersion = new TreeMap<>();
    Map<String, AgreementTally> byClass = new TreeMap<>();
    Tally disagreement = new Tally();
    Map<String, Tally> disagreementByVersion = new TreeMap<>();
    for (Decision d : decisions) {
      if (d.getRoute() == Route.CONFIDENT || d.getRoute() == Route.AUDIT_SAMPLE) {
        confident++;
      }
      if (d.getRoute() == Route.AUDIT_SAMPLE) {
        samples++;
        HumanLabel verdict = verdicts.get(d.getFrameId());
        if (verdict != null) {
          boolean agreed = verdict.getLabel() == d.getLabel();
          Consensus consensus = Consensus.of(verdict, pseudonyms);
          overall.add(agreed, consensus);
          byVersion.computeIfAbsent(versionOf(d), k -> new AgreementTally()).add(agreed, consensus);
          byClass.computeIfAbsent(d.getLabel().name(), k -> new AgreementTally())
              .add(agreed, consensus);
        }
      }
      Prediction opinion = d.getHuman() == null ? null : d.getHuman().getMachineOpinion();
      if (d.getMadeBy() == DecisionMaker.HUMAN && opinion != null) {
        boolean differed = opinion.getPredicted() != d.getLabel();
        disagreement.add(differed);
        disagreementByVersion.computeIfAbsent(opinion.getModelVersion(), k -> new Tally())
            .add(differed);
      }
    }
    Map<String, Proportion> versionsAsVerified = new HashMap<>();
    byVersion.forEach((k, t) -> versionsAsVerified.put(k, t.asVerified(k)));
    List<Proportion> classesAsVerified = new ArrayList<>();
    byClass.forEach((k, t) -> classesAsVerified.add(t.asVerified(k)));
    Proportion all = overall.asVerified("all");
    return new MachineAccuracy(confident, samples, all.n(), all,
        sortedByVersion(versionsAsVerified), classesAsVerified,
        disagreement.proportion("all"), sortedVersionProportions(disagreementByVersion),
        MachineAccuracy.AS_VERIFIED, againstTruth(overall, byVersion, byClass,
            PeopleErrorModel.of(labour.gold(), peopleDisagreed, pseudonyms)));
  }

  private static AccuracyAgainstTruth againstTruth(AgreementTally overall,
      Map<String, AgreementTally> byVersion, Map<String, AgreementTally> byClass,
      PeopleErrorModel people) {
    long[] basis = overall.labelsByBasis(people);
    Map<String, TruthInterval> versions = new HashMap<>();
    byVersion.forEach((k, t) -> versions.put(k, t.againstTruth(k, people)));
    List<TruthInterval> classes = new ArrayList<>();
    byClass.forEach((k, t) -> classes.add(t.againstTruth(k, people)));
    return new AccuracyAgainstTruth(AccuracyAgainstTruth.basisOf(basis[0], basis[1]),
        AccuracyAgainstTruth.ASSUMPTION, people.labellersWithGold(), basis[0], basis[1],
        people.personErrorBound(), overall.againstTruth("all", people),
        sortedByVersion(versions), classes);
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
        topUps.add(new TopUp(pseudonym, d.day(), d.topUpCents(), hourly(d.pieceCents(), d),
            hourly(d.pieceCents() + d.topUpCents(), d)));
      }
    }
    topUps.sort(Comparator.comparing(TopUp::day).thenComparing(TopUp::labeller));
    List<LabourDay> dayRows = new ArrayList<>();
    byDay.forEach((day, rows) -> dayRows.add(new LabourDay(day, sum(rows, LabellerDay::tasks),
        sum(rows, LabellerDay::activeMillis) / MILLIS_PER_HOUR,
        (int) rows.stream().map(LabellerDay::labellerId).distinct().count(),
        sum(rows, LabellerDay::pieceCents), sum(rows, LabellerDay::topUpCents),
        wages(rows, floor))));
    List<LabellerLabour> labellerRows = new ArrayList<>();
    byLabeller.forEach((pseudonym, rows) -> labellerRows.add(new LabellerLabour(pseudonym,
        (int) rows.stream().map(LabellerDay::day).distinct().count(),
        sum(rows, LabellerDay::tasks), sum(rows, LabellerDay::activeMillis) / MILLIS_PER_HOUR,
        sum(rows, LabellerDay::pieceCents), sum(rows, LabellerDay::topUpCents),
        wages(rows, floor).medianHourlyCents())));
    return new LabourLedger(labour.currency(), floor,
        new LabourTotals(tasks, activeMillis / MILLIS_PER_HOUR, labellers.size(), piece, topUp,
            piece + topUp),
        wages(days, floor), dayRows, labellerRows, topUps);
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
    return new WageDistribution(piece.size(), percentile(piece, 0.5), percentile(piece, 0.1),
        piece.isEmpty() ? 0 : (double) below / piece.size(), percentile(effective, 0.5));
  }

  /** Cents per active hour, rounded down; null without active time. */
  private static Long hourly(long cents, LabellerDay d) {
    return d.activeMillis() <= 0 ? null
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

  private static long sum(List<LabellerDay> rows, java.util.function.ToLongFunction<LabellerDay> f) {
    return rows.stream().mapToLong(f).sum();
  }

  private static List<VersionLabour> billOfMaterials(List<ModelVersion> versions) {
    Map<String, ModelVersion> byName = new HashMap<>();
    for (ModelVersion v : versions) {
      byName.put(v.getVersion(), v);
    }
    List<VersionLabour> rows = new ArrayList<>();
    for (ModelVersion v : versions.stream()
        .sorted(Comparator.comparingInt(ModelVersion::getNumber)).toList()) {
      long labels = 0;
      double hours = 0;
      long cost = 0;
      Set<String> labellers = new HashSet<>();
      Set<String> seen = new HashSet<>();
      for (ModelVersion a = v; a != null && seen.add(a.getVersion());
          a = a.getParent() == null ? null : byName.get(a.getParent())) {
        labels += a.getLabour().getHumanLabels();
        hours += a.getLabour().getActiveHours();
        cost += a.getLabour().getCostCents();
        labellers.addAll(a.getLabour().getLabellerIds());
      }
      var direct = v.getLabour();
      rows.add(new VersionLabour(v.getVersion(), v.getParent(), v.getCreatedAt(),
          v.getTrainingExamples(), v.getEvaluation().getAccuracy(),
          new Labour(direct.getHumanLabels(), Set.copyOf(direct.getLabellerIds()).size(),
              direct.getActiveHours(), direct.getCostCents()),
          new Labour(labels, labellers.size(), hours, cost)));
    }
    return rows;
  }

  private static List<Proportion> sortedVersionProportions(Map<String, Tally> tallies) {
    Map<String, Proportion> out = new HashMap<>();
    tallies.forEach((key, t) -> out.put(key, t.proportion(key)));
    return sortedByVersion(out);
  }

  private static List<Share> sortedVersions(List<Share> shares) {
    List<Share> out = new ArrayList<>(shares);
    out.sort(Comparator.comparing(Share::key, AuditReportBuilder::compareVersions));
    return out;
  }

  /** "none" first, then v1, v2, ..., v10 by number; anything else by name after them. */
  static int compareVersions(String a, String b) {
    return Long.compare(versionRank(a), versionRank(b)) != 0
        ? Long.compare(versionRank(a), versionRank(b)) : a.compareTo(b);
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

  private static final class Tally {
    long n;
    long successes;

    void add(boolean success) {
      n++;
      successes += success ? 1 : 0;
    }

    Proportion proportion(String key) {
      return Wilson.proportion(key, n, successes);
    }
  }
}
