package dev.handmade.infra.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The machine path's throughput against raw batched inference, per parallelism, with each task's
 * busy, back-pressured and idle time, and, where the machine path keeps less than {@link #TARGET}
 * of raw inference, a sentence that names where the rest goes.
 */
public final class MachinePathReport {

  /** Share of raw batched inference the machine path should keep. */
  public static final double TARGET = 0.9;

  /** The task that runs the forward pass, as Flink names it (its chained operators follow the name). */
  public static final String INFERENCE = "batched inference";

  /**
   * One parallelism's measurement: frames/s of the machine path and of raw inference in equal
   * windows, each task's load over the machine path's windows, the checkpoints completed in them,
   * and what the inference task's threads were doing then (empty where not profiled).
   */
  public record Run(
      int parallelism,
      List<Double> machine,
      List<Double> raw,
      List<OperatorLoad> loads,
      long checkpoints,
      Map<TaskProfile.Activity, Double> inferenceProfile) {

    public double ratio() {
      return median(machine) / median(raw);
    }
  }

  private MachinePathReport() {}

  /** The table, one run after the other, each followed by its tasks and its verdict. */
  public static List<String> lines(List<Run> runs, int cores) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%-12s %-26s %-26s %s",
            "parallelism",
            "machine path, frames/s",
            "raw inference, frames/s",
            "ratio"));
    for (Run run : runs) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-12d %-26s %-26s %.2f (%.2f-%.2f)",
              run.parallelism(),
              spread(run.machine()),
              spread(run.raw()),
              run.ratio(),
              min(run.machine()) / max(run.raw()),
              max(run.machine()) / min(run.raw())));
      lines.add(
          String.format(
              Locale.ROOT,
              "    %-62s %5s %12s %15s %5s",
              "task (x parallelism)",
              "busy",
              "busiest one",
              "back-pressured",
              "idle"));
      for (OperatorLoad load : run.loads()) {
        lines.add(
            String.format(
                Locale.ROOT,
                "    %-62s %4.0f%% %11.0f%% %14.0f%% %4.0f%%",
                shorten(load.name(), 57) + " x" + load.parallelism(),
                100 * load.busyShare(),
                100 * load.busiestSubtaskShare(),
                100 * load.backPressuredShare(),
                100 * load.idleShare()));
      }
      lines.add("    checkpoints completed while measured: " + run.checkpoints());
      if (!run.inferenceProfile().isEmpty()) {
        lines.add("    inference task's threads, sampled: " + profile(run.inferenceProfile()));
      }
      lines.add("    " + verdict(run, cores));
    }
    return lines;
  }

  /** Whether the run keeps {@link #TARGET} of raw inference, and if not, where the rest goes. */
  public static String verdict(Run run, int cores) {
    if (run.ratio() >= TARGET) {
      return String.format(
          Locale.ROOT, "keeps %.2f of raw batched inference (target %.1f).", run.ratio(), TARGET);
    }
    OperatorLoad inference =
        run.loads().stream()
            .filter(l -> l.name().contains(INFERENCE))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no task named like '" + INFERENCE + "' in " + run.loads()));
    List<OperatorLoad> others = run.loads().stream().filter(l -> l != inference).toList();
    double othersBusy = others.stream().mapToDouble(OperatorLoad::busyCores).sum();
    String head =
        String.format(
            Locale.ROOT, "keeps %.2f of raw batched inference, under %.1f: ", run.ratio(), TARGET);
    if (inference.busiestSubtaskShare() >= 0.8) {
      if (inference.parallelism() > 1
          && inference.busyShare() < 0.75 * inference.busiestSubtaskShare()) {
        return head
            + String.format(
                Locale.ROOT,
                "one inference subtask is busy %.0f%% of the time while the %d "
                    + "average %.0f%%: the frames' keys fall unevenly on the subtasks, so the job runs at the pace of "
                    + "the busiest.",
                100 * inference.busiestSubtaskShare(),
                inference.parallelism(),
                100 * inference.busyShare());
      }
      String where =
          String.format(
              Locale.ROOT,
              "inference is the bottleneck, busy %.0f%% of the time, so the rest "
                  + "goes inside its task (%s) ",
              100 * inference.busyShare(),
              inference.name());
      Double forwardPass = run.inferenceProfile().get(TaskProfile.Activity.FORWARD_PASS);
      if (forwardPass == null) {
        return head
            + where
            + String.format(
                Locale.ROOT,
                "and to its share of the %d cores with the other tasks, "
                    + "busy %.2f cores together.",
                cores,
                othersBusy);
      }
      double alone = median(run.machine()) / forwardPass;
      return head
          + where
          + String.format(
              Locale.ROOT,
              "besides the forward pass: %s. At the job's pace the "
                  + "forward pass alone would give %.1f frames/s against raw %.1f, %s",
              besidesForwardPass(run),
              alone,
              median(run.raw()),
              alone < TARGET * median(run.raw())
                  ? String.format(
                      Locale.ROOT,
                      "so the forward pass is itself slower in the job: it shares the %d cores "
                          + "with the other tasks, busy %.2f cores together.",
                      cores,
                      othersBusy)
                  : "so the forward pass keeps its speed in the job and the rest is the work around it.");
    }
    OperatorLoad busiest =
        others.stream()
            .max(Comparator.comparingDouble(OperatorLoad::busyShare))
            .orElseThrow(
                () -> new IllegalArgumentException("no task beside inference in " + run.loads()));
    if (inference.backPressuredShare() >= inference.idleShare()) {
      return head
          + String.format(
              Locale.ROOT,
              "inference is back-pressured %.0f%% of the time (busy %.0f%%): it "
                  + "waits for a task after it; the busiest other task is %s, busy %.0f%%.",
              100 * inference.backPressuredShare(),
              100 * inference.busyShare(),
              busiest.name(),
              100 * busiest.busyShare());
    }
    return head
        + String.format(
            Locale.ROOT,
            "inference is idle %.0f%% of the time (busy %.0f%%): frames do not "
                + "reach it fast enough; the busiest other task is %s, busy %.0f%%, and the tasks beside inference keep "
                + "%.2f of the %d cores busy.",
            100 * inference.idleShare(),
            100 * inference.busyShare(),
            busiest.name(),
            100 * busiest.busyShare(),
            othersBusy,
            cores);
  }

  /** The activities other than the forward pass, largest first, with their shares of the samples. */
  private static String besidesForwardPass(Run run) {
    Map<TaskProfile.Activity, Double> rest = new LinkedHashMap<>(run.inferenceProfile());
    rest.remove(TaskProfile.Activity.FORWARD_PASS);
    return profile(rest);
  }

  private static String profile(Map<TaskProfile.Activity, Double> shares) {
    return shares.entrySet().stream()
        .sorted(Map.Entry.<TaskProfile.Activity, Double>comparingByValue().reversed())
        .map(
            e ->
                String.format(
                    Locale.ROOT, "%s %.0f%%", e.getKey().description(), 100 * e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** Median, and the range in brackets. */
  static String spread(List<Double> samples) {
    return String.format(
        Locale.ROOT, "%.1f (%.1f-%.1f)", median(samples), min(samples), max(samples));
  }

  static double median(List<Double> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    List<Double> sorted = samples.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> samples) {
    return samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  private static double max(List<Double> samples) {
    return samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  private static String shorten(String name, int length) {
    return name.length() > length ? name.substring(0, length - 3) + "..." : name;
  }
}
