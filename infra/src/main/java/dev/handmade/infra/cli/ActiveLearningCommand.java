package dev.handmade.infra.cli;

import dev.handmade.model.classifier.Trainer;
import dev.handmade.model.experiment.ActiveLearningData;
import dev.handmade.model.experiment.ActiveLearningExperiment;
import dev.handmade.model.experiment.DriveLogFrames;
import dev.handmade.model.experiment.ExperimentResult;
import dev.handmade.model.experiment.ExperimentResult.StrategySummary;
import dev.handmade.model.experiment.RandomSampling;
import dev.handmade.model.experiment.SelectionStrategy;
import dev.handmade.model.experiment.Strategies;
import dev.handmade.model.kitti.DriveLogWriter;
import dev.handmade.model.training.TrainingRound;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How many human labels the routing saves against labelling at random: the active-learning
 * experiment on the simulator or on imported drive logs with ground truth.
 */
@Command(
    name = "active-learning",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Active-learning experiment: from a random seed set, each strategy picks the frames people label in rounds "
          + "of a fixed budget, and the model is fine-tuned with replay, calibrated and given the loop's threshold "
          + "after each, over several seeds. Writes CSV and PNG plots of held-out accuracy against human labels and "
          + "prints per strategy the labels needed to reach the target accuracy, the saving against random sampling "
          + "at that accuracy, and the share the machine may decide there.",
      "Frames: the simulator (default), or imported drive logs with ground truth (--drive-log-dir, or "
          + "--drive-logs for a prefix in the object store)."
    })
final class ActiveLearningCommand implements Callable<Integer> {

  private static final int BAR_WIDTH = 30;

  /** The issue's goal: the best strategy needs at most half the human labels random sampling needs. */
  private static final double SAVING_GOAL = 0.5;

  @Option(
      names = "--strategies",
      split = ",",
      paramLabel = "NAME",
      defaultValue = "random,least-confidence,margin,entropy,bald,badge",
      description =
          "Strategies to compare, random first as the baseline (default: ${DEFAULT-VALUE}).")
  List<String> strategies;

  @Option(
      names = "--seeds",
      split = ",",
      defaultValue = "1,2,3",
      description = "One run of every strategy per seed (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(
      names = "--seed-labels",
      defaultValue = "50",
      description = "Random seed set (default: ${DEFAULT-VALUE}).")
  int seedLabels;

  @Option(
      names = "--labels-per-round",
      defaultValue = "40",
      description = "People's budget per round (default: ${DEFAULT-VALUE}).")
  int labelsPerRound;

  @Option(
      names = "--rounds",
      defaultValue = "8",
      description = "Rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--pool",
      defaultValue = "3000",
      description = "Simulated frames people may be asked to label (default: ${DEFAULT-VALUE}).")
  int pool;

  @Option(
      names = "--held-out",
      defaultValue = "500",
      description =
          "Frames held out for temperature, threshold and accuracy, the same for every strategy and not "
              + "counted as human labels (default: ${DEFAULT-VALUE}).")
  int heldOut;

  @Option(
      names = "--candidates",
      defaultValue = "400",
      description =
          "Unlabelled frames scored per round, drawn at random from the pool; 0 scores the whole pool "
              + "(default: ${DEFAULT-VALUE}).")
  int candidates;

  @Option(
      names = "--mc-passes",
      defaultValue = "5",
      description = "MC-dropout passes for bald (default: ${DEFAULT-VALUE}).")
  int mcPasses;

  @Option(
      names = "--epochs",
      defaultValue = "15",
      description = "Epochs of the seed model, trained from scratch (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--fine-tune-epochs",
      defaultValue = "2",
      description =
          "Epochs of each round's fine-tuning over new labels and replay (default: ${DEFAULT-VALUE}).")
  int fineTuneEpochs;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Examples per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--parallel-seeds",
      defaultValue = "1",
      description =
          "Seeds run at once, each on a thread of its own; the figures do not depend on it "
              + "(default: ${DEFAULT-VALUE}).")
  int parallelSeeds;

  @Option(
      names = "--target-accuracy",
      paramLabel = "ACCURACY",
      description =
          "Held-out accuracy to reach; default: what random sampling reaches with the whole budget.")
  Double targetAccuracy;

  @Option(
      names = "--machine-target",
      defaultValue = "0.95",
      description =
          "Accuracy the loop's threshold certifies for the machine's decisions (default: ${DEFAULT-VALUE}).")
  double machineTarget;

  @Option(
      names = "--min-threshold-support",
      defaultValue = "" + TrainingRound.Policy.DEFAULT_MIN_THRESHOLD_SUPPORT,
      description =
          "Effective frames in the most confident region the threshold is tested on (default: "
              + "${DEFAULT-VALUE}).")
  int minThresholdSupport;

  @Option(
      names = "--simulator-seed",
      defaultValue = "2026",
      description = "Simulated frames (default: ${DEFAULT-VALUE}).")
  long simulatorSeed;

  @Option(
      names = "--drive-log-dir",
      paramLabel = "DIR",
      description =
          "Read imported drive logs (*.avro files of Frame) from this folder instead of simulating.")
  Path driveLogDir;

  @Option(
      names = "--drive-logs",
      paramLabel = "PREFIX",
      description =
          "Read imported drive logs under this prefix in the object store (e.g. "
              + DriveLogWriter.PREFIX
              + ") instead of simulating.")
  String driveLogPrefix;

  @Option(
      names = "--data",
      defaultValue = "./data",
      description =
          "Data folder of the in-process S3 server, for --drive-logs without --s3-endpoint (default: "
              + "${DEFAULT-VALUE}).")
  Path data;

  @Mixin ObjectStoreOptions s3 = new ObjectStoreOptions();

  @Option(
      names = "--out",
      defaultValue = "./active-learning",
      description = "Folder for the CSV files and plots (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    // the trainer logs every epoch; here the progress bar says what runs
    System.setProperty("org.slf4j.simpleLogger.log." + Trainer.class.getName(), "warn");
    PrintStream stdout = System.out;
    if (driveLogDir != null && driveLogPrefix != null) {
      System.err.println("give --drive-log-dir or --drive-logs, not both");
      return 2;
    }
    ActiveLearningExperiment experiment;
    List<SelectionStrategy> chosen;
    try {
      chosen = Strategies.byNames(strategies);
      experiment =
          new ActiveLearningExperiment(
              new ActiveLearningExperiment.Config(
                  seedLabels,
                  labelsPerRound,
                  rounds,
                  seeds,
                  candidates,
                  mcPasses,
                  new Trainer.Config(
                      32, 128, epochs, batchSize, 2e-3, fineTuneEpochs, 1e-3, 2.0, 0),
                  machineTarget,
                  minThresholdSupport,
                  parallelSeeds));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Optional<ActiveLearningData> loaded = load();
    if (loaded.isEmpty()) {
      return 1;
    }
    ActiveLearningData frames = loaded.get();
    stdout.printf("frames: %s%n", frames.source());
    stdout.printf(
        "strategies %s; seeds %s; %d seed labels, then %d rounds of %d (%d labels in all); %s scored per "
            + "round%n",
        String.join(", ", chosen.stream().map(SelectionStrategy::name).toList()),
        seeds,
        seedLabels,
        rounds,
        labelsPerRound,
        experiment.config().totalLabels(),
        candidates == 0 ? "the whole pool" : candidates + " frames");
    ExperimentResult result;
    try {
      ProgressBar bar = new ProgressBar(System.err);
      result = experiment.run(frames, chosen, bar::update);
      bar.finish();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    double target = targetAccuracy != null ? targetAccuracy : result.defaultTarget();
    printSummary(stdout, result, target);
    List<Path> written = new ArrayList<>(result.writeCsv(out));
    written.addAll(ActiveLearningCharts.write(result, target, out));
    written.forEach(p -> stdout.println("wrote " + p));
    return 0;
  }

  private Optional<ActiveLearningData> load() throws Exception {
    if (driveLogDir == null && driveLogPrefix == null) {
      return Optional.of(ActiveLearningData.fromSimulator(simulatorSeed, pool, heldOut));
    }
    DriveLogFrames logs;
    String where;
    if (driveLogDir != null) {
      logs = DriveLogFrames.fromFolder(driveLogDir);
      where = driveLogDir.toString();
    } else {
      try (ObjectStoreOptions.Opened opened = s3.open(data)) {
        logs = DriveLogFrames.fromStore(opened.store(), driveLogPrefix);
        where = opened.store().bucket() + "/" + driveLogPrefix;
      }
    }
    logs.problems().forEach(p -> System.err.println("skipped " + p));
    try {
      return Optional.of(
          ActiveLearningData.fromFrames(
              "drive logs in " + where + " (" + logs.files() + " files)",
              logs.frames(),
              heldOut,
              simulatorSeed));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return Optional.empty();
    }
  }

  static void printSummary(PrintStream out, ExperimentResult result, double target) {
    boolean defaultTarget =
        result.strategies().contains(RandomSampling.NAME) && target == result.defaultTarget();
    out.printf(
        Locale.ROOT,
        "%ntarget accuracy %.4f%s%n",
        target,
        defaultTarget
            ? " (what random sampling reaches with the whole budget, mean over the seeds)"
            : "");
    out.printf(
        Locale.ROOT,
        "%-17s %16s %17s %28s %20s%n",
        "strategy",
        "labels to target",
        "saving vs random",
        String.format(Locale.ROOT, "machine decides (%.0f%% thr.)", 100 * result.machineTarget()),
        "final accuracy");
    for (StrategySummary s : result.summarize(target)) {
      String labels =
          s.labelsToTarget().isPresent()
              ? String.format(Locale.ROOT, "%.0f", s.labelsToTarget().getAsDouble())
              : "not reached";
      String saving = s.strategy().equals(RandomSampling.NAME) ? "(baseline)" : saving(s);
      String share =
          String.format(
              Locale.ROOT,
              "%.1f%% %s",
              100 * s.machineShareAtTarget(),
              s.roundAtTarget() >= 0 ? "at round " + s.roundAtTarget() : "at the end");
      out.printf(
          Locale.ROOT,
          "%-17s %16s %17s %28s %12.4f @ %4.0f%n",
          s.strategy(),
          labels,
          saving,
          share,
          s.finalAccuracy(),
          s.finalLabels());
    }
    out.printf(
        Locale.ROOT,
        "%nwhat each strategy picked (mean over rounds and seeds)%n%-17s %13s %12s %9s %10s %13s "
            + "%10s%n",
        "strategy",
        "wrong before",
        "wrong after",
        "range m",
        "occlusion",
        "night/rain/fog",
        "top class");
    result
        .pickProfiles()
        .forEach(
            (name, p) ->
                out.printf(
                    Locale.ROOT,
                    "%-17s %12.0f%% %11.0f%% %9.1f %10.2f %12.0f%% " + "%9.0f%%%n",
                    name,
                    100 * p.wrongBefore(),
                    100 * p.wrongAfter(),
                    p.meanRange(),
                    p.meanOcclusion(),
                    100 * p.adverseShare(),
                    100 * p.topClassShare()));
    out.println();
    out.println(result.verdict(target, SAVING_GOAL));
    result.explanation(target).ifPresent(out::println);
  }

  private static String saving(StrategySummary s) {
    OptionalDouble v = s.savingVsRandom();
    if (v.isEmpty()) {
      return "-";
    }
    return String.format(
        Locale.ROOT, "%s%.1f%%", s.savingIsLowerBound() ? ">= " : "", 100 * v.getAsDouble());
  }

  /** One line on stderr, rewritten in place: bar, steps, elapsed time and estimate, what was just done. */
  static final class ProgressBar {
    private final PrintStream err;
    private final long started = System.nanoTime();
    private int lastLength;

    ProgressBar(PrintStream err) {
      this.err = err;
    }

    void update(int done, int total, String what) {
      double elapsed = (System.nanoTime() - started) / 1e9;
      double left = done == 0 ? 0 : elapsed / done * (total - done);
      int filled = (int) Math.round(BAR_WIDTH * (double) done / total);
      String line =
          String.format(
              Locale.ROOT,
              "[%s%s] %d/%d %s, ~%s left | %s",
              "#".repeat(filled),
              " ".repeat(BAR_WIDTH - filled),
              done,
              total,
              clock(elapsed),
              clock(left),
              what);
      err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
      err.flush();
      lastLength = line.length();
    }

    void finish() {
      err.println();
    }

    private static String clock(double seconds) {
      long s = Math.round(seconds);
      return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
  }
}
