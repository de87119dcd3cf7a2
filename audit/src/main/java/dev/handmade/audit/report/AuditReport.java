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
  public record TimePoint(
      Instant start,
      Instant end,
      long machine,
      long people,
      long verifiedLabels,
      long verifiedLabelsSoFar) {

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
  public record Proportion(
      String key, long n, long successes, double estimate, double lower, double upper) {}

  /**
   * The machine's accuracy on its confident decisions, estimated from the random audit sample:
   * the share of sampled frames where people's verified label equals the machine's, first with
   * the verified label taken as right ({@link #AS_VERIFIED}), then against the truth, allowing
   * for people's own errors ({@link AccuracyAgainstTruth}). And the disagreement rate on routed
   * frames: the share of frames people decided on where the model's top class differed from
   * theirs.
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
      List<Proportion> disagreementByVersion,
      /** What {@code overall}, {@code byVersion} and {@code byClass} assume: {@link #AS_VERIFIED}. */
      String assumption,
      AccuracyAgainstTruth againstTruth) {

    public static final String AS_VERIFIED =
        "the verified label is taken as right: 95% Wilson "
            + "interval of the machine's agreement with it";
  }

  /**
   * The machine's accuracy against the truth, from the same audit samples: people's verified
   * labels can be wrong, and the machine's accuracy differs from its agreement with them by at
   * most the share of wrong labels, so each agreement interval is widened by the expected share
   * of wrong labels on both sides.
   */
  public record AccuracyAgainstTruth(
      /** How the chance of a wrong label was found: {@link #GOLD}, {@link #CONSENSUS} or both. */
      String basis,
      /** The error model and the interval in words. */
      String assumption,
      /** Labellers the labelling service gave a gold record for. */
      int labellersWithGold,
      /** Verified audit samples whose every answerer has a gold record. */
      long labelsByGold,
      /** The other verified audit samples, priced by the consensus-disagreement bound. */
      long labelsByConsensus,
      /**
       * Upper end of the 95% interval of one person's error rate, from the answers that disagreed
       * with verified labels two or more people answered; 1 when no label has two answers.
       */
      double personErrorBound,
      TruthInterval overall,
      List<TruthInterval> byVersion,
      List<TruthInterval> byClass) {

    public static final String GOLD = "gold accuracy";
    public static final String CONSENSUS = "consensus disagreement";
    public static final String ASSUMPTION =
        "people err independently and a wrong answer falls on "
            + "any other class alike; a label is wrong with the chance its answers give under the "
            + "answerers' gold accuracy, (correct + 1) / (gold answers + 2), where each has a gold record, "
            + "else at most p^j for j agreeing people, p bounding one person's error by the answers "
            + "that disagreed with verified labels; the agreement's 95% interval is widened by the "
            + "expected share of wrong labels on both sides";

    /** The basis in words, for a report to name. */
    public static String basisOf(long byGold, long byConsensus) {
      if (byGold > 0 && byConsensus > 0) {
        return GOLD + " and " + CONSENSUS;
      }
      return byGold > 0 ? GOLD : CONSENSUS;
    }
  }

  /**
   * Accuracy against the truth on {@code n} audit samples: the samples the machine agreed with
   * people on, the agreement, the expected share of samples whose verified label is wrong, and
   * the agreement's 95% interval widened by that share on both sides (within [0, 1]).
   */
  public record TruthInterval(
      String key,
      long n,
      long agreed,
      double agreement,
      double wrongLabels,
      double lower,
      double upper) {}

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

  public record LabourTotals(
      long tasks,
      double activeHours,
      int labellers,
      long pieceCents,
      long topUpCents,
      long paidCents) {}

  /**
   * Effective hourly wages over labeller-days with active time: piece pay per active hour before
   * the wage-floor top-up, and the share of labeller-days it left below the floor. Null figures
   * when there were no such days.
   */
  public record WageDistribution(
      long labellerDays,
      Long medianHourlyCents,
      Long p10HourlyCents,
      double shareBelowFloor,
      Long medianAfterTopUpHourlyCents) {}

  public record LabourDay(
      String day,
      long tasks,
      double activeHours,
      int labellers,
      long pieceCents,
      long topUpCents,
      WageDistribution wages) {}

  public record LabellerLabour(
      String labeller,
      int days,
      long tasks,
      double activeHours,
      long pieceCents,
      long topUpCents,
      Long medianHourlyCents) {}

  /** A labeller-day lifted to the floor. */
  public record TopUp(
      String labeller,
      String day,
      long topUpCents,
      Long pieceHourlyCents,
      Long effectiveHourlyCents) {}

  /**
   * The labour bill of materials of one model version: the human labels it was trained on
   * directly, and in all, through its parent versions.
   */
  public record VersionLabour(
      String version,
      String parent,
      Instant createdAt,
      long trainingExamples,
      double heldOutAccuracy,
      Labour direct,
      Labour total) {}

  public record Labour(long humanLabels, int labellers, double activeHours, long costCents) {}
}
