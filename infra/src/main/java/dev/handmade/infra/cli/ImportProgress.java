package dev.handmade.infra.cli;

import dev.handmade.schema.ObjectClass;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The progress lines and the per-class table the import commands print alike. */
final class ImportProgress {

  private static final int BAR_WIDTH = 30;

  private ImportProgress() {}

  /** {@code [####      ] 3/10}: item {@code index} (0-based) of {@code total} done. */
  static String bar(int index, int total) {
    int done = (int) Math.round(BAR_WIDTH * (index + 1.0) / total);
    return "[" + "#".repeat(done) + " ".repeat(BAR_WIDTH - done) + "] " + (index + 1) + "/" + total;
  }

  /** {@code car 3, pedestrian 1}, or {@code no frames}. */
  static String counts(Map<String, Long> frames) {
    return frames.isEmpty()
        ? "no frames"
        : frames.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }

  /** The header and a row for each class that has frames. */
  static void perClass(PrintStream out, Map<ObjectClass, Integer> frames) {
    out.println("class          frames");
    frames.forEach(
        (c, n) -> {
          if (n > 0) {
            out.printf("%-14s %6d%n", c.name().toLowerCase(Locale.ROOT), n);
          }
        });
  }
}
