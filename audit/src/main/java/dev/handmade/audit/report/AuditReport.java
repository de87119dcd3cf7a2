package dev.handmade.audit.report;

import dev.handmade.audit.chain.ChainVerification;
import java.time.Instant;
import java.util.List;

/**
 * What an auditor reads: who made the decisions, how accurate the machine is by its random audit
 * samples, what the people who labelled were paid for how much time, and the human labour inside
 * each model version. Computed by {@link AuditReportBuilder} from the audit log, the model
 * registry and the labelling service's pay ledger; labellers appear only under pseudonyms.
 */
public record AuditReport(
    Instant generatedAt,
    Sources sources,
    ChainVerification chain,
    DecisionShares decisions,
    MachineAccuracy accuracy,
    LabourLedger labour,
    List<VersionLabour> versions) {

  /** What the report was computed from. */
  public record Sources(
      /** Where the audit log was read, e.g. {@code s3://handmade/audit/}. */
      String auditLog,
      long auditFiles,
      long events,
      long decisions,
      long humanLabels,
      /** Null when the log is empty. */
      Instant firstEvent,
      Instant lastEvent,
      long modelVersions,
      /** Where the pay ledger came from, and for which days; "none" when it was not read. */
      String labour) {}

  /** Final decisions made by the machine and by people, counted under one key. */
  public record Share(String key, long machine, long people) {
    public long total() {
      return machine + people;
    }

    public double machineShare() {
      return total() == 0 ? 0 : (double) machine / total();
    }

    public double peopleShare() {
      return total() == 0 ? 0 : (double) people / total();
    }
  }

  /**
   * Every frame's one final decision. Over time, with the human labels spent; by model version in
   * charge when the frame was routed ({@code none} before the first model); by final class; by
   * source and by vehicle; and counted by route.
   */
  public record DecisionShares(
      Share overall,
      Timeline overTime,
      List<Share> byVersion,
      List<Share> byClass,
      List<Share> bySource,
      List<Share> byVehicle,
      List<RouteCount> byRoute) {}

  /**
   * Final decisions and verified human labels over time, in buckets whose length fits the span
   * from the first decision or verified label to the last ({@link TimeBuckets}): every bucket in
   * that span, empty ones included, so that a pause shows as a gap.
   *
   * @param bucket the length of a bucket in words: "minute", "5 minutes", "hour", "day"
   */
  public record Timeline(String bucket, long bucketSeconds, List<TimePoint> points) {

    public Timeline {
      points = List.copyOf(points);
    }
  }

  /**
   * One bucket of a {@link Timeline}, from {@code start} (inclusive, UTC) to {@code end}: the
   * final decisions made in it by the machine and by people, the human labels verified in it,
   * and the labels verified from the start of the log to its end, the human labour spent so far.
   */
  public record TimePoint(Instant start, Instant end, long machine, long people,
      long verifiedLabels, long verifiedLabelsSoFar) {

    public long total() {
      return machine + people;
    }

    /** Null when nothing was decided in the bucket: a gap, not a share of zero. */
    public Double machineShare() {
      return total() == 0 ? null : (double) machine / total();
    }
  }

  public record RouteCount(String route, String madeBy, long decisions) {}

  /** A share of {@code n} with its 95% Wilson score interval. */
  public record Proportion(String key, long n, long successes, double estimate, double lower,
      double upper) {}

  /**
   * The machine's accuracy on its confident decisions, estimated from the random audit sample:
   * the share of sampled frames where people's verified label equals the machine's. And the
   * disagreement rate on routed frames: the share of frames people decided on where the model's
   * top class differed from theirs.
   */
  public record MachineAccuracy(
      /** Decisions the machine made because it was confident (routes CONFIDENT and AUDIT_SAMPLE). */
      long confidentDecisions,
      /** Confident decisions drawn for people to check. */
      long auditSamples,
      /** Audit samples people reached a verified label on; the estimate rests on these. */
      long auditSamplesVerified,
      Proportion overall,
      List<Proportion> byVersion,
      /** Keyed by the machine's class. */
      List<Proportion> byClass,
      Proportion disagreement,
      List<Proportion> disagreementByVersion) {}

  /** The labour ledger as the labelling service keeps it, per labeller-day. */
  public record LabourLedger(
      String currency,
      /** The wage floor configured in the labelling service, cents an active hour. */
      long floorHourlyCents,
      LabourTotals totals,
      WageDistribution wages,
      List<LabourDay> byDay,
      List<LabellerLabour> byLabeller,
      List<TopUp> topUps) {}

  public record LabourTotals(long tasks, double activeHours, int labellers, long pieceCents,
      long topUpCents, long paidCents) {}

  /**
   * Effective hourly wages over labeller-days with active time: piece pay per active hour before
   * the wage-floor top-up, and the share of labeller-days it left below the floor. Null figures
   * when there were no such days.
   */
  public record WageDistribution(long labellerDays, Long medianHourlyCents, Long p10HourlyCents,
      double shareBelowFloor, Long medianAfterTopUpHourlyCents) {}

  public record LabourDay(String day, long tasks, double activeHours, int labellers,
      long pieceCents, long topUpCents, WageDistribution wages) {}

  public record LabellerLabour(String labeller, int days, long tasks, double activeHours,
      long pieceCents, long topUpCents, Long medianHourlyCents) {}

  /** A labeller-day lifted to the floor. */
  public record TopUp(String labeller, String day, long topUpCents, Long pieceHourlyCents,
      Long effectiveHourlyCents) {}

  /**
   * The labour bill of materials of one model version: the human labels it was trained on
   * directly, and in all, through its parent versions.
   */
  public record VersionLabour(String version, String parent, Instant createdAt,
      long trainingExamples, double heldOutAccuracy, Labour direct, Labour total) {}

  public record Labour(long humanLabels, int labellers, double activeHours, long costCents) {}
}
