package dev.handmade.audit.render;

import dev.handmade.audit.chain.ChainVerification;
import dev.handmade.audit.report.AuditReport;
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
import dev.handmade.audit.report.TimeBuckets;
import dev.handmade.audit.report.Wilson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Audit reports built by hand, with figures that add up the way the builder's do: two days of a
 * loop that starts without a model and trains three versions, three labellers, one of whom is
 * topped up to the wage floor on both days.
 */
final class SampleReports {

  static final Instant GENERATED_AT = Instant.parse("2026-11-29T09:00:00Z");
  static final String AUDIT_LOG = "s3://handmade/audit/";
  static final String HEAD = "9f2c4e71d0b85a3366e1f0c2a9d7b41e5c83f6a0d2e9b7c4a1f3e5d7c9b2a4e6";

  /** A vehicle id that CSV must quote: it holds a comma and quotes. */
  static final String QUOTED_VEHICLE = "kitti 2011_09_26, drive \"0005\"";

  static final String LABELLER_A = "L-3fa2c91e07";
  static final String LABELLER_B = "L-8b1d44a0c2";
  static final String LABELLER_C = "L-d07e5b3319";

  private SampleReports() {}

  /** Two days of the loop with an intact chain. */
  static AuditReport twoDays() {
    return twoDays(AUDIT_LOG, new ChainVerification(12, 970, HEAD, List.of()));
  }

  /** The same report on a log whose chain was found broken in two places. */
  static AuditReport brokenChain() {
    return twoDays(
        AUDIT_LOG,
        new ChainVerification(
            12,
            969,
            HEAD,
            List.of(
                "audit/2026-11-28/part-0007.avro: record 41 does not match its chain hash",
                "audit/2026-11-28/part-0009.avro: follows position 7, so position 8 is missing")));
  }

  /** The same report read from an audit log whose name tries to inject a script. */
  static AuditReport withAuditLog(String auditLog) {
    return twoDays(auditLog, new ChainVerification(12, 970, HEAD, List.of()));
  }

  /** A report on an empty log, made without the labelling service. */
  static AuditReport empty() {
    return new AuditReport(
        GENERATED_AT,
        new Sources(AUDIT_LOG, 0, 0, 0, 0, null, null, 0, "none"),
        new ChainVerification(0, 0, "0".repeat(64), List.of()),
        new DecisionShares(
            new Share("all", 0, 0),
            new Timeline("minute", 60, List.of()),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of()),
        new MachineAccuracy(
            0,
            0,
            0,
            Wilson.proportion("all", 0, 0),
            List.of(),
            List.of(),
            Wilson.proportion("all", 0, 0),
            List.of(),
            MachineAccuracy.AS_VERIFIED,
            new AccuracyAgainstTruth(
                AccuracyAgainstTruth.CONSENSUS,
                AccuracyAgainstTruth.ASSUMPTION,
                0,
                0,
                0,
                1,
                widened(Wilson.proportion("all", 0, 0), 0),
                List.of(),
                List.of())),
        new LabourLedger(
            "EUR",
            0,
            new LabourTotals(0, 0, 0, 0, 0, 0),
            new WageDistribution(0, null, null, 0, null),
            List.of(),
            List.of(),
            List.of()),
        List.of());
  }

  private static AuditReport twoDays(String auditLog, ChainVerification chain) {
    return new AuditReport(
        GENERATED_AT,
        new Sources(
            auditLog,
            12,
            970,
            670,
            300,
            Instant.parse("2026-11-27T08:00:04Z"),
            Instant.parse("2026-11-28T10:59:51Z"),
            3,
            "labelling service pay ledger, 2026-11-27 to 2026-11-28"),
        chain,
        decisions(),
        accuracy(),
        labour(),
        versions());
  }

  /** 530 machine and 140 people decisions, split the same way under every key. */
  private static DecisionShares decisions() {
    return new DecisionShares(
        new Share("all", 530, 140),
        timeline(),
        List.of(
            new Share("none", 0, 40),
            new Share("v1", 150, 55),
            new Share("v2", 240, 35),
            new Share("v3", 140, 10)),
        List.of(
            new Share("CAR", 300, 50),
            new Share("CYCLIST", 60, 30),
            new Share("PEDESTRIAN", 120, 45),
            new Share("TRUCK", 50, 15)),
        List.of(new Share("kitti", 130, 40), new Share("simulator", 400, 100)),
        List.of(
            new Share(QUOTED_VEHICLE, 130, 40),
            new Share("sim-vehicle-1", 220, 55),
            new Share("sim-vehicle-2", 180, 45)),
        List.of(
            new RouteCount("AUDIT_SAMPLE", "MACHINE", 50),
            new RouteCount("CONFIDENT", "MACHINE", 480),
            new RouteCount("NO_MODEL", "HUMAN", 40),
            new RouteCount("UNCERTAIN", "HUMAN", 100)));
  }

  /**
   * Three working hours a day, 08:00 to 11:00 UTC, in buckets of the length the builder picks for
   * the log's span (15 minutes): per hour machine 0, 60, 90, 110, 130, 140 and people 40, 30, 25,
   * 20, 15, 10 decisions, and 60, 55, 45, 50, 45, 45 labels verified (300), spread evenly over
   * the hour's quarters; the night between is empty buckets.
   */
  static Timeline timeline() {
    Instant first = Instant.parse("2026-11-27T08:00:04Z");
    Instant last = Instant.parse("2026-11-28T10:59:51Z");
    TimeBuckets buckets = TimeBuckets.fitting(first, last);
    long seconds = buckets.length().toSeconds();
    Map<Instant, long[]> hours =
        Map.of(
            Instant.parse("2026-11-27T08:00:00Z"), new long[] {0, 40, 60},
            Instant.parse("2026-11-27T09:00:00Z"), new long[] {60, 30, 55},
            Instant.parse("2026-11-27T10:00:00Z"), new long[] {90, 25, 45},
            Instant.parse("2026-11-28T08:00:00Z"), new long[] {110, 20, 50},
            Instant.parse("2026-11-28T09:00:00Z"), new long[] {130, 15, 45},
            Instant.parse("2026-11-28T10:00:00Z"), new long[] {140, 10, 45});
    int perHour = (int) (3600 / seconds);
    List<TimePoint> points = new ArrayList<>();
    long soFar = 0;
    for (Instant start = buckets.startOf(first);
        !start.isAfter(last);
        start = start.plusSeconds(seconds)) {
      Instant hour = start.truncatedTo(ChronoUnit.HOURS);
      long[] counts = hours.getOrDefault(hour, new long[3]);
      int quarter = (int) ((start.getEpochSecond() - hour.getEpochSecond()) / seconds);
      long machine = share(counts[0], perHour, quarter);
      long people = share(counts[1], perHour, quarter);
      long labels = share(counts[2], perHour, quarter);
      soFar += labels;
      points.add(new TimePoint(start, start.plusSeconds(seconds), machine, people, labels, soFar));
    }
    return new Timeline(buckets.name(), seconds, points);
  }

  /** Part {@code i} of {@code total} cut into {@code parts}, the remainder to the first parts. */
  private static long share(long total, int parts, int i) {
    return total / parts + (i < total % parts ? 1 : 0);
  }

  /**
   * 43 of 46 verified audit samples agreed, 4% of their labels expected wrong (40 priced by gold
   * records, 6 by the consensus bound); people overruled the model on 38 of 100 frames.
   */
  private static MachineAccuracy accuracy() {
    List<Proportion> byVersion =
        List.of(
            Wilson.proportion("v1", 14, 12),
            Wilson.proportion("v2", 22, 21),
            Wilson.proportion("v3", 10, 10));
    List<Proportion> byClass =
        List.of(
            Wilson.proportion("CAR", 24, 23),
            Wilson.proportion("CYCLIST", 6, 5),
            Wilson.proportion("PEDESTRIAN", 12, 11),
            Wilson.proportion("TRUCK", 4, 4));
    return new MachineAccuracy(
        530,
        50,
        46,
        Wilson.proportion("all", 46, 43),
        byVersion,
        byClass,
        Wilson.proportion("all", 100, 38),
        List.of(
            Wilson.proportion("v1", 55, 24),
            Wilson.proportion("v2", 35, 11),
            Wilson.proportion("v3", 10, 3)),
        MachineAccuracy.AS_VERIFIED,
        new AccuracyAgainstTruth(
            AccuracyAgainstTruth.basisOf(40, 6),
            AccuracyAgainstTruth.ASSUMPTION,
            5,
            40,
            6,
            0.08,
            widened(Wilson.proportion("all", 46, 43), 0.04),
            byVersion.stream().map(p -> widened(p, 0.04)).toList(),
            byClass.stream().map(p -> widened(p, 0.04)).toList()));
  }

  /** The interval against the truth for an agreement with {@code wrongLabels} of labels wrong. */
  static TruthInterval widened(Proportion p, double wrongLabels) {
    return new TruthInterval(
        p.key(),
        p.n(),
        p.successes(),
        p.estimate(),
        wrongLabels,
        Math.max(0, p.lower() - wrongLabels),
        Math.min(1, p.upper() + wrongLabels));
  }

  /**
   * Piece pay per active hour, in cents: A 1400 then 1300, B 1000 then 1100 (topped up to the
   * floor of 1200 by 400 and 250 cents), C 1500 on both days.
   */
  private static LabourLedger labour() {
    return new LabourLedger(
        "EUR",
        1200,
        new LabourTotals(300, 10.25, 3, 12_825, 650, 13_475),
        new WageDistribution(6, 1300L, 1000L, 2.0 / 6, 1300L),
        List.of(
            new LabourDay(
                "2026-11-27",
                140,
                4.5,
                3,
                5600,
                400,
                new WageDistribution(3, 1400L, 1000L, 1.0 / 3, 1400L)),
            new LabourDay(
                "2026-11-28",
                160,
                5.75,
                3,
                7225,
                250,
                new WageDistribution(3, 1300L, 1100L, 1.0 / 3, 1300L))),
        List.of(
            new LabellerLabour(LABELLER_A, 2, 130, 3.5, 4700, 0, 1300L),
            new LabellerLabour(LABELLER_B, 2, 95, 4.5, 4750, 650, 1000L),
            new LabellerLabour(LABELLER_C, 2, 75, 2.25, 3375, 0, 1500L)),
        List.of(
            new TopUp(LABELLER_B, "2026-11-27", 400, 1000L, 1200L),
            new TopUp(LABELLER_B, "2026-11-28", 250, 1100L, 1200L)));
  }

  /** Each version's total labour is its own plus its parent's total. */
  private static List<VersionLabour> versions() {
    return List.of(
        new VersionLabour(
            "v1",
            null,
            Instant.parse("2026-11-27T08:45:12Z"),
            40,
            0.81,
            new Labour(40, 3, 1.4, 1800),
            new Labour(40, 3, 1.4, 1800)),
        new VersionLabour(
            "v2",
            "v1",
            Instant.parse("2026-11-27T23:02:40Z"),
            140,
            0.88,
            new Labour(100, 3, 3.1, 4300),
            new Labour(140, 3, 4.5, 6100)),
        new VersionLabour(
            "v3",
            "v2",
            Instant.parse("2026-11-28T09:50:03Z"),
            210,
            0.91,
            new Labour(70, 3, 2.2, 3150),
            new Labour(210, 3, 6.7, 9250)));
  }
}
