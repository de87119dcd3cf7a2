package dev.handmade.model.classifier;

import dev.handmade.schema.LabelOrigin;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.Route;
import dev.handmade.schema.TrainingExample;
import dev.handmade.schema.labels.PeopleError;
import dev.handmade.schema.stats.WilsonInterval;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the confidence above which the machine decides alone, so that its decisions reach a
 * target accuracy against the truth with a stated confidence, from frames people verified.
 *
 * <p>Three things stand between the verified frames and that promise, and each is handled:
 *
 * <ul>
 *   <li><b>Which frames people see depends on the deployed model.</b> Once a model decides, people
 *       see mostly the frames it was unsure of, plus a small random audit sample of the ones it
 *       was sure of. Each verified frame is therefore weighted by the inverse of its chance of
 *       having reached people (1 for uncertain and no-model frames, 1/audit rate for audit
 *       samples): the weighted accuracy above a confidence estimates the accuracy on all frames
 *       above it without bias (Horvitz-Thompson), whatever the deployed model sends to people.
 *       The interval uses Kish's effective sample size, (sum w)^2 / sum w^2, in place of n. The
 *       weights apply within one sampling design (the frames one version routed); the designs'
 *       estimates are pooled by their effective sizes ({@code Pooled}).
 *   <li><b>A verified label is not the truth.</b> The machine agreeing with people is not the
 *       machine being right. Where several people labelled a frame, the share of answers that
 *       disagreed with the verified label bounds one person's error rate {@code p} (upper end of
 *       its interval), and a label that {@code j} people agreed on is wrong with probability at
 *       most {@code p^j} (they would all have to err, independently, the same way). The machine's
 *       accuracy against the truth is at least its agreement with people minus that bound, so
 *       the bound is subtracted before comparing with the target. Without frames labelled by
 *       more than one person, nothing bounds people's error and no threshold is certified. A
 *       dataset's label (a simulator's, a labelled benchmark's) is taken as the truth.
 *   <li><b>Choosing the threshold on the same frames.</b> The lowest threshold whose observed
 *       accuracy just reaches the target is the luckiest cut. Thresholds are tested as in
 *       learn-then-test with fixed-sequence testing: from the most confident region with
 *       {@code minSupport} effective frames down, at region weights growing geometrically, each at the full level
 *       {@code 1 - delta}, stopping at the first region that fails. The family-wise error is
 *       then at most {@code delta} without a multiplicity penalty.
 * </ul>
 */
public final class ConfidenceThreshold {

  /** A threshold that no calibrated probability reaches: everything goes to people. */
  public static final double EVERYTHING_TO_PEOPLE = 1.0 + 1e-9;

  /** The stated confidence of a threshold, and z of that one-sided interval. */
  public static final int CONFIDENCE_PERCENT = 90;

  public static final double Z = 1.2816;

  /** Each tested region is this much larger (in weight) than the one before. */
  private static final double REGION_GROWTH = 1.15;

  private ConfidenceThreshold() {}

  /**
   * What was chosen and on what evidence.
   *
   * @param threshold the confidence at or above which the machine decides; {@link
   *     #EVERYTHING_TO_PEOPLE} when none is certified
   * @param decidedShare the estimated share of all frames the machine would decide
   * @param agreement weighted agreement with people's labels above the threshold
   * @param lowerBound its lower confidence bound, less the bound on people's error: what is
   *     promised against the truth
   * @param peopleErrorBound the bound on the share of wrong verified labels above the threshold
   * @param effectiveFrames the effective number of verified frames above the threshold
   * @param explanation the reasoning in words, for the version's record and the progress line
   */
  public record Choice(
      double threshold,
      double decidedShare,
      double agreement,
      double lowerBound,
      double peopleErrorBound,
      double effectiveFrames,
      String explanation) {

    public boolean certified() {
      return threshold < EVERYTHING_TO_PEOPLE;
    }
  }

  /**
   * @param predictions the candidate's predictions on the verified frames
   * @param verified the verified frames, in the same order: label, inclusion probability, answers
   * @param target the accuracy the machine's decisions must reach against the truth
   * @param minSupport fewest effective frames in the first region tested
   */
  public static Choice choose(
      List<Prediction> predictions, List<TrainingExample> verified, double target, int minSupport) {
    if (predictions.size() != verified.size()) {
      throw new IllegalArgumentException(
          predictions.size() + " predictions but " + verified.size() + " labels");
    }
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target accuracy must be in (0, 1], got " + target);
    }
    if (minSupport < 1) {
      throw new IllegalArgumentException("minSupport must be at least 1, got " + minSupport);
    }
    double personError = personErrorBound(verified);
    boolean byPeople = verified.stream().anyMatch(e -> e.getOrigin() == LabelOrigin.HUMAN);
    if (byPeople && personError >= 1) {
      return new Choice(
          EVERYTHING_TO_PEOPLE,
          0,
          Double.NaN,
          Double.NaN,
          1,
          0,
          String.format(
              "no threshold: none of the %d verified frames was labelled by two or more people, so nothing bounds "
                  + "people's own error rate (set evidence labels to 2 or more)",
              verified.size()));
    }
    int n = predictions.size();
    Integer[] order = new Integer[n];
    // each frame's routing design, and each design's total weight: the share the machine decides is
    // estimated within a design and pooled across designs as the accuracy is
    Map<String, Integer> designIndex = new HashMap<>();
    int[] design = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      design[i] = designIndex.computeIfAbsent(design(verified.get(i)), k -> designIndex.size());
    }
    Tally[] all = new Tally[designIndex.size()];
    Tally[] region = new Tally[designIndex.size()];
    for (int d = 0; d < all.length; d++) {
      all[d] = new Tally();
      region[d] = new Tally();
    }
    for (int i = 0; i < n; i++) {
      all[design[i]].add(weight(verified.get(i)), false, 0);
    }
    // most confident first: walking down, each prefix is "everything at or above this confidence"
    Arrays.sort(
        order,
        Comparator.comparingDouble((Integer i) -> predictions.get(i).getConfidence()).reversed());

    double w = 0;
    double nextTest = 0;
    Choice best = null;
    String stop = null;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      TrainingExample e = verified.get(i);
      double wi = weight(e);
      w += wi;
      // a dataset's label is its truth; a label of people's may be wrong
      region[design[i]].add(
          wi,
          predictions.get(i).getPredicted() == e.getLabel(),
          e.getOrigin() == LabelOrigin.DATASET
              ? 0
              : PeopleError.agreedLabelWrongBound(personError, e.getAgreeingAnswers()));
      boolean lastOfTies =
          k == n - 1
              || predictions.get(order[k + 1]).getConfidence() < predictions.get(i).getConfidence();
      if (!lastOfTies || w < nextTest) {
        continue;
      }
      Pooled pooled = Pooled.of(region, all);
      // regions are tested at weights growing geometrically (weight only grows as the threshold
      // falls, while the effective count can drop when an audit sample joins), from the first
      // region with minSupport effective frames
      if (best == null && pooled.effective() < minSupport) {
        continue;
      }
      double bound = wilsonLowerBound(pooled.agreement(), pooled.effective()) - pooled.labelError();
      double confidence = predictions.get(i).getConfidence();
      if (bound < target) {
        stop =
            String.format(
                "the next region (confidence >= %.4f, %.0f effective frames) agrees with people on "
                    + "%.1f%%, lower bound %.4f after people's error bound %.4f, below the target %.2f",
                confidence,
                pooled.effective(),
                100 * pooled.agreement(),
                bound,
                pooled.labelError(),
                target);
        break;
      }
      best =
          new Choice(
              confidence,
              pooled.share(),
              pooled.agreement(),
              bound,
              pooled.labelError(),
              pooled.effective(),
              null);
      nextTest = w * REGION_GROWTH;
    }
    double totalWeight = 0;
    for (Tally t : all) {
      totalWeight += t.w;
    }
    if (best == null && stop == null) {
      Pooled everything = Pooled.of(region, all);
      stop =
          String.format(
              "fewer than %d effective frames (%.0f) to test even the most confident region",
              minSupport, everything.effective());
    }
    String evidence =
        String.format(
            "%d verified frames (%.0f frames after weighting by their chance of reaching "
                + "people%s), one person's error rate at most %.4f",
            n,
            totalWeight,
            all.length > 1 ? String.format(", routed under %d designs, pooled", all.length) : "",
            personError);
    if (best == null) {
      return new Choice(
          EVERYTHING_TO_PEOPLE,
          0,
          Double.NaN,
          Double.NaN,
          personError,
          0,
          "no threshold reaches the target: " + stop + "; evidence: " + evidence);
    }
    String explanation =
        String.format(
            "machine decides at confidence >= %.4f, about %.0f%% of frames: agreement "
                + "with people %.2f%% on %.0f effective frames, %d%% lower bound %.4f against the truth after people's "
                + "error bound %.4f (target %.2f)%s; evidence: %s",
            best.threshold(),
            100 * best.decidedShare(),
            100 * best.agreement(),
            best.effectiveFrames(),
            CONFIDENCE_PERCENT,
            best.lowerBound(),
            best.peopleErrorBound(),
            target,
            stop == null ? "" : "; stopped where " + stop,
            evidence);
    return new Choice(
        best.threshold(),
        best.decidedShare(),
        best.agreement(),
        best.lowerBound(),
        best.peopleErrorBound(),
        best.effectiveFrames(),
        explanation);
  }

  /**
   * The sampling design a verified frame was routed under: the version whose threshold routed it
   * (its uncertain frames reached people surely, its confident ones at the audit rate), no model
   * at all (every frame reached people), or, for records that do not say, one design for them all.
   */
  static String design(TrainingExample e) {
    if (e.getRoutedBy() != null) {
      return "version " + e.getRoutedBy();
    }
    return e.getRoute() == Route.NO_MODEL ? "no model" : "unrecorded";
  }

  /** Weighted sums over the frames of one design in one region. */
  private static final class Tally {
    double w;
    double w2;
    double correct;
    double wrongLabels;

    void add(double weight, boolean agrees, double wrongLabelBound) {
      w += weight;
      w2 += weight * weight;
      correct += agrees ? weight : 0;
      wrongLabels += weight * wrongLabelBound;
    }

    double effective() {
      return w2 == 0 ? 0 : w * w / w2;
    }
  }

  /**
   * A region's figures pooled across designs. Within a design the frames are weighted by the
   * inverse of their chance of reaching people, which makes that design's estimate unbiased for all
   * frames; the designs' estimates are then pooled in proportion to their effective sizes, as
   * independent estimates of one quantity are. Weighting all frames of all designs together would
   * also be unbiased, but a few audit samples of the latest design, each standing for many frames,
   * would outweigh hundreds of frames that an earlier design sent to people whole, and the
   * effective size would collapse the moment the machine starts deciding.
   */
  private record Pooled(double agreement, double labelError, double effective, double share) {
    static Pooled of(Tally[] region, Tally[] all) {
      double effective = 0;
      double agreement = 0;
      double labelError = 0;
      double shareWeight = 0;
      double share = 0;
      for (int d = 0; d < region.length; d++) {
        double designEffective = all[d].effective();
        shareWeight += designEffective;
        share += designEffective * region[d].w / all[d].w;
        double e = region[d].effective();
        if (e > 0) {
          effective += e;
          agreement += e * region[d].correct / region[d].w;
          labelError += e * region[d].wrongLabels / region[d].w;
        }
      }
      return effective == 0
          ? new Pooled(Double.NaN, 0, 0, 0)
          : new Pooled(
              agreement / effective, labelError / effective, effective, share / shareWeight);
    }
  }

  /** The inverse of the frame's chance of having reached people. */
  public static double weight(TrainingExample e) {
    double p = e.getInclusionProbability();
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "frame "
              + e.getFrame().getFrameId()
              + " has inclusion probability "
              + p
              + ", which must be in (0, 1]");
    }
    return 1 / p;
  }

  /**
   * Upper bound on one person's error rate: the share of answers that disagreed with the verified
   * label, over the frames that two or more people labelled; 1 when there are none. The error
   * model is {@link PeopleError}'s, shared with the audit report.
   */
  static double personErrorBound(List<TrainingExample> verified) {
    long answers = 0;
    long disagreeing = 0;
    for (TrainingExample e : verified) {
      int m = e.getLabellerIds().size();
      int agreeing = e.getAgreeingAnswers();
      if (e.getOrigin() == LabelOrigin.HUMAN && m >= 2 && agreeing > 0) {
        answers += m;
        disagreeing += m - Math.min(m, agreeing);
      }
    }
    return PeopleError.personErrorBound(answers, disagreeing, Z);
  }

  /** Lower end of the one-sided Wilson score interval for a proportion {@code p} on {@code n} (effective) trials. */
  static double wilsonLowerBound(double p, double n) {
    return WilsonInterval.lower(p, n, Z);
  }

  static double wilsonLowerBound(long successes, long n) {
    return wilsonLowerBound((double) successes / n, n);
  }
}
