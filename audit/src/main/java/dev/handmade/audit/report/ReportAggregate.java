package dev.handmade.audit.report;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The part of an {@link AuditReport} that comes from the audit log, kept as counts that each
 * event updates: so a report can be brought up to date with the events logged since the last one,
 * without the events before them. Its size grows with the number of keys (versions, classes,
 * sources, vehicles, routes, time buckets) and with the audit samples still waiting for their
 * verdict, not with the number of events.
 *
 * <p>The timeline is kept in buckets of a minute, an hour or a day: the longest of them that
 * divides the bucket {@link TimeBuckets#fitting} chooses for the span so far. Spans only grow, so
 * that choice only lengthens, and the report's buckets are always sums of whole kept ones; at most
 * a few thousand are kept until the span passes 60 days, then one a day.
 *
 * <p>Serialized to JSON (fields as they are) inside an audit checkpoint; not thread-safe.
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class ReportAggregate {

  private static final long MINUTE = 60;
  private static final long HOUR = 3_600;
  private static final long DAY = 86_400;

  long events;
  long decisions;
  long labels;

  /** When the first and last events were recorded; null before any. */
  Instant firstEvent;

  Instant lastEvent;

  /** Per key: decisions by the machine and by people. Sorted maps, declared so to stay sorted through JSON. */
  long[] overall = new long[2];

  TreeMap<String, long[]> byVersion = new TreeMap<>();
  TreeMap<String, long[]> byClass = new TreeMap<>();
  TreeMap<String, long[]> bySource = new TreeMap<>();
  TreeMap<String, long[]> byVehicle = new TreeMap<>();

  /** Decisions by route and maker, keyed "ROUTE\tMAKER". */
  TreeMap<String, Long> byRoute = new TreeMap<>();

  /** The span of decision and verified-label times; null before any. */
  Instant firstTime;

  Instant lastTime;

  /** The length of the kept buckets: a minute, an hour or a day. */
  long keptSeconds = MINUTE;

  /** The buckets {@link TimeBuckets#fitting} chose for the span so far. */
  TimeBuckets fitting = TimeBuckets.fitting(null, null);

  /** Per kept bucket (its start, epoch seconds): machine decisions, people's, verified labels. */
  TreeMap<Long, long[]> timeline = new TreeMap<>();

  long confident;
  long samples;
  AgreementTally accuracy = new AgreementTally();
  TreeMap<String, AgreementTally> accuracyByVersion = new TreeMap<>();
  TreeMap<String, AgreementTally> accuracyByClass = new TreeMap<>();

  /** Disagreement among people on verified labels: bounds one person's error without gold records. */
  PeopleErrorModel.Disagreement peopleDisagreed = new PeopleErrorModel.Disagreement();

  Tally disagreement = new Tally();
  TreeMap<String, Tally> disagreementByVersion = new TreeMap<>();

  /**
   * Audit samples logged before a verdict on them, by frame: their version and class. A frame has
   * one final decision, so a sample leaves this map when its verdict comes.
   */
  Map<String, String[]> samplesAwaitingVerdict = new HashMap<>();

  /** Verified audit verdicts logged before the decision they judge, by frame. */
  Map<String, Verdict> verdictsAwaitingSample = new HashMap<>();

  /** People's verified class on an audit sample, and who answered what. */
  record Verdict(String label, Consensus consensus) {}

  /** Counts one event. */
  public void add(AuditEvent event) {
    events++;
    Instant at = event.getRecordedAt();
    firstEvent = firstEvent == null || at.isBefore(firstEvent) ? at : firstEvent;
    lastEvent = lastEvent == null || at.isAfter(lastEvent) ? at : lastEvent;
    if (event.getDecision() != null) {
      decisions++;
      addDecision(event.getDecision());
    }
    if (event.getLabel() != null) {
      labels++;
      addLabel(event.getLabel());
    }
  }

  private void addDecision(Decision d) {
    int maker = d.getMadeBy() == DecisionMaker.MACHINE ? 0 : 1;
    overall[maker]++;
    byVersion.computeIfAbsent(AuditReportBuilder.versionOf(d), k -> new long[2])[maker]++;
    byClass.computeIfAbsent(d.getLabel().name(), k -> new long[2])[maker]++;
    String source = d.getSource() == null ? AuditReportBuilder.UNKNOWN : d.getSource();
    bySource.computeIfAbsent(source, k -> new long[2])[maker]++;
    String vehicle = d.getVehicleId() == null ? AuditReportBuilder.UNKNOWN : d.getVehicleId();
    byVehicle.computeIfAbsent(vehicle, k -> new long[2])[maker]++;
    byRoute.merge(d.getRoute().name() + "\t" + d.getMadeBy().name(), 1L, Long::sum);
    addTime(d.getDecidedAt(), maker);

    if (d.getRoute() == Route.CONFIDENT || d.getRoute() == Route.AUDIT_SAMPLE) {
      confident++;
    }
    if (d.getRoute() == Route.AUDIT_SAMPLE) {
      samples++;
      String version = AuditReportBuilder.versionOf(d);
      Verdict verdict = verdictsAwaitingSample.remove(d.getFrameId());
      if (verdict != null) {
        judge(version, d.getLabel().name(), verdict);
      } else {
        samplesAwaitingVerdict.put(d.getFrameId(), new String[] {version, d.getLabel().name()});
      }
    }
    Prediction opinion = d.getHuman() == null ? null : d.getHuman().getMachineOpinion();
    if (d.getMadeBy() == DecisionMaker.HUMAN && opinion != null) {
      boolean differed = opinion.getPredicted() != d.getLabel();
      disagreement.add(differed);
      disagreementByVersion
          .computeIfAbsent(opinion.getModelVersion(), k -> new Tally())
          .add(differed);
    }
  }

  private void addLabel(HumanLabel l) {
    peopleDisagreed.add(l);
    if (l.getOutcome() != LabelOutcome.VERIFIED) {
      return;
    }
    addTime(l.getVerifiedAt(), 2);
    if (l.getKind() == TaskKind.AUDIT && l.getLabel() != null) {
      String[] sample = samplesAwaitingVerdict.remove(l.getFrameId());
      if (sample != null) {
        judge(sample[0], sample[1], new Verdict(l.getLabel().name(), Consensus.of(l)));
      } else {
        // the first verified verdict on a frame is the one that counts
        verdictsAwaitingSample.putIfAbsent(
            l.getFrameId(), new Verdict(l.getLabel().name(), Consensus.of(l)));
      }
    }
  }

  private void judge(String version, String machineClass, Verdict verdict) {
    boolean agreed = machineClass.equals(verdict.label());
    accuracy.add(agreed, verdict.consensus());
    accuracyByVersion
        .computeIfAbsent(version, k -> new AgreementTally())
        .add(agreed, verdict.consensus());
    accuracyByClass
        .computeIfAbsent(machineClass, k -> new AgreementTally())
        .add(agreed, verdict.consensus());
  }

  /** Counts a decision (by the machine, 0, or people, 1) or a verified label (2) at {@code at}. */
  private void addTime(Instant at, int column) {
    firstTime = firstTime == null || at.isBefore(firstTime) ? at : firstTime;
    lastTime = lastTime == null || at.isAfter(lastTime) ? at : lastTime;
    if (fitting.count(firstTime, lastTime) > TimeBuckets.MAX_BUCKETS) {
      fitting = TimeBuckets.fitting(firstTime, lastTime);
      long fittingSeconds = fitting.length().toSeconds();
      long kept = fittingSeconds % DAY == 0 ? DAY : fittingSeconds % HOUR == 0 ? HOUR : MINUTE;
      if (kept != keptSeconds) {
        coarsen(kept);
      }
    }
    long start = Math.floorDiv(at.getEpochSecond(), keptSeconds) * keptSeconds;
    timeline.computeIfAbsent(start, k -> new long[3])[column]++;
  }

  private void coarsen(long seconds) {
    TreeMap<Long, long[]> coarser = new TreeMap<>();
    timeline.forEach(
        (start, counts) -> {
          long[] into =
              coarser.computeIfAbsent(Math.floorDiv(start, seconds) * seconds, k -> new long[3]);
          for (int i = 0; i < 3; i++) {
            into[i] += counts[i];
          }
        });
    timeline = coarser;
    keptSeconds = seconds;
  }

  /** Successes among trials, for a proportion with its interval. */
  @JsonAutoDetect(fieldVisibility = Visibility.ANY)
  static final class Tally {
    long n;
    long successes;

    void add(boolean success) {
      n++;
      successes += success ? 1 : 0;
    }

    AuditReport.Proportion proportion(String key) {
      return Wilson.proportion(key, n, successes);
    }
  }
}
