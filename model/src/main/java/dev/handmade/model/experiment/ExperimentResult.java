package dev.handmade.model.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every round of every strategy and seed, and what they add up to: curves of accuracy against
 * human labels averaged over the seeds, the labels each strategy needs to reach a target
 * accuracy, and the saving against random sampling at that accuracy.
 *
 * @param data what the frames were, in words
 * @param strategies strategy names in the order they ran
 * @param seeds the seeds
 * @param rows every round's measurement
 * @param machineTarget the accuracy the loop's threshold promises for the machine's decisions
 */
public record ExperimentResult(
    String data,
    List<String> strategies,
    List<Long> seeds,
    List<RoundResult> rows,
    double machineTarget) {

  public static final String ROUNDS_CSV = "active-learning-rounds.csv";
  public static final String CURVES_CSV = "active-learning-curves.csv";

  public ExperimentResult {
    strategies = List.copyOf(strategies);
    seeds = List.copyOf(seeds);
    rows = List.copyOf(rows);
  }

  /**
   * One round of one strategy, over the seeds.
   *
   * @param sdAccuracy sample standard deviation across seeds; 0 with one seed
   */
  public record CurvePoint(
      int round,
      double humanLabels,
      double meanAccuracy,
      double sdAccuracy,
      double minAccuracy,
      double maxAccuracy,
      double meanMachineShare,
      int seeds) {}

  /**
   * What one strategy needed.
   *
   * @param labelsToTarget human labels at which its mean curve reaches the target, interpolated
   *     linearly between rounds; empty when it never does
   * @param savingVsRandom {@code 1 - labels / random's labels} at the target; empty when either
   *     does not reach it, or random did not run
   * @param savingIsLowerBound the saving is at least this: random did not reach the target, so
   *     its labels are counted as the whole budget, which it needs more than
   * @param roundAtTarget first round whose mean accuracy reaches the target; -1 when none does
   * @param machineShareAtTarget mean share the machine decides at the loop's threshold in that
   *     round (in the last round when the target is never reached)
   */
  public record StrategySummary(
      String strategy,
      OptionalDouble labelsToTarget,
      OptionalDouble savingVsRandom,
      boolean savingIsLowerBound,
      int roundAtTarget,
      double machineShareAtTarget,
      double finalLabels,
      double finalAccuracy,
      double finalMachineShare) {}

  /** The curve of one strategy, round by round. */
  public List<CurvePoint> curve(String strategy) {
    Map<Integer, List<RoundResult>> byRound = new TreeMap<>();
    for (RoundResult r : rows) {
      if (r.strategy().equals(strategy)) {
        byRound.computeIfAbsent(r.round(), k -> new ArrayList<>()).add(r);
      }
    }
    List<CurvePoint> curve = new ArrayList<>(byRound.size());
    byRound.forEach(
        (round, rs) -> {
          double labels = rs.stream().mapToDouble(RoundResult::humanLabels).average().orElseThrow();
          double mean = rs.stream().mapToDouble(RoundResult::accuracy).average().orElseThrow();
          double ss =
              rs.stream().mapToDouble(r -> (r.accuracy() - mean) * (r.accuracy() - mean)).sum();
          curve.add(
              new CurvePoint(
                  round,
                  labels,
                  mean,
                  rs.size() > 1 ? Math.sqrt(ss / (rs.size() - 1)) : 0,
                  rs.stream().mapToDouble(RoundResult::accuracy).min().orElseThrow(),
                  rs.stream().mapToDouble(RoundResult::accuracy).max().orElseThrow(),
                  rs.stream().mapToDouble(RoundResult::machineShare).average().orElseThrow(),
                  rs.size()));
        });
    return curve;
  }

  /**
   * The target when none is given: the mean accuracy random sampling reaches with the whole
   * budget, so the question is how much sooner the others get there. Without random, the lowest
   * final mean accuracy of the strategies, which every one of them reaches.
   */
  public double defaultTarget() {
    if (strategies.contains(RandomSampling.NAME)) {
      return last(curve(RandomSampling.NAME)).meanAccuracy();
    }
    return strategies.stream().mapToDouble(s -> last(curve(s)).meanAccuracy()).min().orElseThrow();
  }

  /**
   * Human labels at which a curve first reaches {@code target}, linearly interpolated between the
   * round before and the round that reaches it; the first round's labels when it starts there.
   */
  public static OptionalDouble labelsToReach(List<CurvePoint> curve, double target) {
    for (int i = 0; i < curve.size(); i++) {
      CurvePoint p = curve.get(i);
      if (p.meanAccuracy() >= target) {
        if (i == 0) {
          return OptionalDouble.of(p.humanLabels());
        }
        CurvePoint before = curve.get(i - 1);
        double rise = p.meanAccuracy() - before.meanAccuracy();
        double along = rise > 0 ? (target - before.meanAccuracy()) / rise : 1;
        return OptionalDouble.of(
            before.humanLabels() + along * (p.humanLabels() - before.humanLabels()));
      }
    }
    return OptionalDouble.empty();
  }

  /** Each strategy's labels to {@code target} and its saving against random, in the order they ran. */
  public List<StrategySummary> summarize(double target) {
    Optional<List<CurvePoint>> random =
        strategies.contains(RandomSampling.NAME)
            ? Optional.of(curve(RandomSampling.NAME))
            : Optional.empty();
    OptionalDouble randomLabels =
        random.map(c -> labelsToReach(c, target)).orElse(OptionalDouble.empty());
    List<StrategySummary> out = new ArrayList<>();
    for (String s : strategies) {
      List<CurvePoint> curve = curve(s);
      OptionalDouble labels = labelsToReach(curve, target);
      OptionalDouble saving = OptionalDouble.empty();
      boolean lowerBound = false;
      if (labels.isPresent() && random.isPresent()) {
        double baseline = randomLabels.orElse(last(random.get()).humanLabels());
        lowerBound = randomLabels.isEmpty();
        saving = OptionalDouble.of(1 - labels.getAsDouble() / baseline);
      }
      CurvePoint reached =
          curve.stream().filter(p -> p.meanAccuracy() >= target).findFirst().orElse(null);
      CurvePoint end = last(curve);
      out.add(
          new StrategySummary(
              s,
              labels,
              saving,
              lowerBound,
              reached == null ? -1 : reached.round(),
              (reached == null ? end : reached).meanMachineShare(),
              end.humanLabels(),
              end.meanAccuracy(),
              end.meanMachineShare()));
    }
    return out;
  }

  /**
   * The strategy (other than random) with the largest saving at the target, if any reaches it.
   */
  public Optional<StrategySummary> best(double target) {
    return summarize(target).stream()
        .filter(s -> !s.strategy().equals(RandomSampling.NAME) && s.savingVsRandom().isPresent())
        .max(
            (a, b) ->
                Double.compare(a.savingVsRandom().getAsDouble(), b.savingVsRandom().getAsDouble()));
  }

  /**
   * In one sentence: whether the best strategy saves at least {@code goal} of random's human
   * labels at {@code target}, and if not, how far it is.
   */
  public String verdict(double target, double goal) {
    String goalText =
        String.format(
            Locale.ROOT,
            "goal (>= %.0f%% fewer human labels than random at accuracy %.4f)",
            100 * goal,
            target);
    if (!strategies.contains(RandomSampling.NAME)) {
      return goalText + " NOT MEASURED: random sampling, the baseline, did not run";
    }
    List<StrategySummary> summary = summarize(target);
    Optional<StrategySummary> best = best(target);
    if (best.isEmpty()) {
      return String.format(
          Locale.ROOT,
          "%s NOT MET: no strategy other than random reached the target within %.0f " + "labels",
          goalText,
          summary.get(0).finalLabels());
    }
    StrategySummary b = best.get();
    double saving = b.savingVsRandom().getAsDouble();
    OptionalDouble random =
        summary.stream()
            .filter(s -> s.strategy().equals(RandomSampling.NAME))
            .findFirst()
            .orElseThrow()
            .labelsToTarget();
    String against =
        String.format(
            Locale.ROOT,
            "%.0f labels against random's %s",
            b.labelsToTarget().getAsDouble(),
            random.isPresent()
                ? String.format(Locale.ROOT, "%.0f", random.getAsDouble())
                : "more than the budget");
    String saves =
        String.format(
            Locale.ROOT, "%s%.1f%%", b.savingIsLowerBound() ? "at least " : "", 100 * saving);
    if (saving >= goal) {
      return String.format(
          Locale.ROOT, "%s MET: %s saves %s (%s)", goalText, b.strategy(), saves, against);
    }
    return String.format(
        Locale.ROOT,
        "%s NOT MET: the best, %s, saves %s (%s), %.1f points short",
        goalText,
        b.strategy(),
        saves,
        against,
        100 * (goal - saving));
  }

  /** Each strategy's picks, averaged over its rounds and seeds; {@link PickProfile#NONE} when it picked nothing. */
  public Map<String, PickProfile> pickProfiles() {
    Map<String, PickProfile> out = new LinkedHashMap<>();
    for (String s : strategies) {
      List<PickProfile> picks =
          rows.stream()
              .filter(r -> r.strategy().equals(s))
              .map(RoundResult::picks)
              .filter(p -> !p.isNone())
              .toList();
      out.put(s, PickProfile.mean(picks));
    }
    return out;
  }

  /**
   * Why the strategies that did no better than random fell behind it, from what they picked
   * compared with random's picks; empty when random did not run or every strategy beat it. The
   * reasons are the measured ones only: picks that stay wrong after training on them, picks far
   * harder to see, or batches of one class; where none stands out it says so.
   */
  public Optional<String> explanation(double target) {
    Map<String, PickProfile> profiles = pickProfiles();
    PickProfile random = profiles.get(RandomSampling.NAME);
    if (random == null || random.isNone()) {
      return Optional.empty();
    }
    Optional<StrategySummary> best = best(target);
    List<String> reasons = new ArrayList<>();
    for (StrategySummary s : summarize(target)) {
      PickProfile p = profiles.get(s.strategy());
      boolean beatRandom = s.savingVsRandom().isPresent() && s.savingVsRandom().getAsDouble() > 0;
      if (s.strategy().equals(RandomSampling.NAME) || p.isNone() || beatRandom) {
        continue;
      }
      List<String> why = new ArrayList<>();
      if (p.wrongAfter() >= 2 * random.wrongAfter() + 0.05) {
        why.add(
            String.format(
                Locale.ROOT,
                "%.0f%% of its picks stayed wrong after training on them (random's %.0f%%)"
                    + ": frames the model cannot yet learn from",
                100 * p.wrongAfter(),
                100 * random.wrongAfter()));
      }
      // only the measures that stand out: "range 28 m against 28 m" explains nothing
      List<String> harder = new ArrayList<>();
      if (p.meanRange() >= 1.2 * random.meanRange()) {
        harder.add(
            String.format(
                Locale.ROOT, "range %.0f m against %.0f m", p.meanRange(), random.meanRange()));
      }
      if (p.meanOcclusion() >= random.meanOcclusion() + 0.1) {
        harder.add(
            String.format(
                Locale.ROOT,
                "occlusion %.2f against %.2f",
                p.meanOcclusion(),
                random.meanOcclusion()));
      }
      if (p.adverseShare() >= random.adverseShare() + 0.15) {
        harder.add(
            String.format(
                Locale.ROOT,
                "night, rain or fog %.0f%% against %.0f%%",
                100 * p.adverseShare(),
                100 * random.adverseShare()));
      }
      if (!harder.isEmpty()) {
        why.add("its picks were harder to see (" + String.join(", ", harder) + ")");
      }
      if (p.topClassShare() >= random.topClassShare() + 0.15) {
        why.add(
            String.format(
                Locale.ROOT,
                "its batches leaned on one class (%.0f%% of a batch against %.0f%%)",
                100 * p.topClassShare(),
                100 * random.topClassShare()));
      }
      reasons.add(
          s.strategy()
              + ": "
              + (why.isEmpty()
                  ? String.format(
                      Locale.ROOT,
                      "its picks differ from random's in none of these measures (wrong before "
                          + "%.0f%%, after %.0f%%); the difference is within the seeds' spread",
                      100 * p.wrongBefore(),
                      100 * p.wrongAfter())
                  : String.join("; ", why)));
    }
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    String lead =
        best.map(
                b ->
                    String.format(
                        Locale.ROOT,
                        "why the strategies that did not beat random fell "
                            + "behind (the best, %s, picked frames wrong before %.0f%% and after %.0f%% of the time; random %.0f%% "
                            + "and %.0f%%)",
                        b.strategy(),
                        100 * profiles.get(b.strategy()).wrongBefore(),
                        100 * profiles.get(b.strategy()).wrongAfter(),
                        100 * random.wrongBefore(),
                        100 * random.wrongAfter()))
            .orElse("why no strategy beat random");
    return Optional.of(lead + ":\n  " + String.join("\n  ", reasons));
  }

  /** Writes {@link #ROUNDS_CSV} (one row per strategy, seed and round) and {@link #CURVES_CSV} (over seeds). */
  public List<Path> writeCsv(Path folder) {
    Path roundsFile = folder.resolve(ROUNDS_CSV);
    Path curvesFile = folder.resolve(CURVES_CSV);
    try {
      Files.createDirectories(folder);
      try (CSVPrinter rounds =
          csv(
              roundsFile,
              "strategy",
              "seed",
              "round",
              "human_labels",
              "accuracy",
              "temperature",
              "threshold",
              "machine_share",
              "machine_accuracy",
              "picks_wrong_before",
              "picks_wrong_after",
              "picks_mean_range_m",
              "picks_mean_occlusion",
              "picks_adverse_share",
              "picks_top_class_share")) {
        for (RoundResult r : rows) {
          PickProfile p = r.picks();
          rounds.printRecord(
              r.strategy(),
              r.seed(),
              r.round(),
              r.humanLabels(),
              number(r.accuracy()),
              number(r.temperature()),
              number(r.threshold()),
              number(r.machineShare()),
              number(r.machineAccuracy()),
              number(p.wrongBefore()),
              number(p.wrongAfter()),
              number(p.meanRange()),
              number(p.meanOcclusion()),
              number(p.adverseShare()),
              number(p.topClassShare()));
        }
      }
      try (CSVPrinter curves =
          csv(
              curvesFile,
              "strategy",
              "round",
              "human_labels",
              "seeds",
              "mean_accuracy",
              "sd_accuracy",
              "min_accuracy",
              "max_accuracy",
              "mean_machine_share")) {
        for (String s : strategies) {
          for (CurvePoint p : curve(s)) {
            curves.printRecord(
                s,
                p.round(),
                number(p.humanLabels()),
                p.seeds(),
                number(p.meanAccuracy()),
                number(p.sdAccuracy()),
                number(p.minAccuracy()),
                number(p.maxAccuracy()),
                number(p.meanMachineShare()));
          }
        }
      }
      return List.of(roundsFile, curvesFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the experiment's CSV files to " + folder, e);
    }
  }

  /** RFC 4180, as the audit report's tables: CRLF line ends, quoted only where a field needs it. */
  private static CSVPrinter csv(Path file, String... header) throws IOException {
    return CSVFormat.RFC4180
        .builder()
        .setHeader(header)
        .get()
        .print(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
  }

  /** Six decimals, no exponent; an empty field for a figure that does not exist (NaN). */
  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    String s = String.format(Locale.ROOT, "%.6f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static CurvePoint last(List<CurvePoint> curve) {
    if (curve.isEmpty()) {
      throw new IllegalStateException("a strategy without rounds");
    }
    return curve.get(curve.size() - 1);
  }
}
