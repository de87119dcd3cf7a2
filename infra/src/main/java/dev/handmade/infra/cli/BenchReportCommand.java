package dev.handmade.infra.cli;

import dev.handmade.audit.report.AuditReport;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.infra.bench.HeapPeak;
import dev.handmade.infra.bench.SyntheticAuditLog;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the incremental audit report: writes a synthetic, correctly chained audit log into an
 * in-process S3 server, reports on it from an empty checkpoint, appends a share more events and
 * reports again from the checkpoint, printing each report's time and heap.
 */
@Command(
    name = "bench-report",
    mixinStandardHelpOptions = true,
    description = {
      "Print how long `report --state` takes and how much heap it needs on a large audit log: the first report "
          + "(reading the whole log, one file at a time), then the report after a share more events (reading the "
          + "new files only). The log is synthetic but written as the audit sink writes it (hash-chained Avro "
          + "files, deflate, hourly partitions) into an in-process S3 server under a temporary folder, which is "
          + "deleted at the end.",
      "Heap: the sum of the heap pools' peaks (an upper bound, garbage included) and the most held right after a "
          + "garbage collection (the live peak); the S3 server runs in the same JVM and is counted. Run the jar "
          + "with -Xmx512m to hold the report to 512 MiB."
    })
final class BenchReportCommand implements Callable<Integer> {

  private static final double MIB = 1024 * 1024;

  @Option(
      names = "--events",
      defaultValue = "10000000",
      description = "Events in the log (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--increment-percent",
      defaultValue = "1",
      description =
          "Events appended before the second report, in percent of --events (default: ${DEFAULT-VALUE}).")
  double incrementPercent;

  @Option(
      names = "--events-per-file",
      defaultValue = "10000",
      description =
          "Events per audit file at most; a file also ends with its hour (default: ${DEFAULT-VALUE}).")
  int perFile;

  @Option(
      names = "--data",
      description =
          "Folder for the S3 server's files (default: a new one under the "
              + "temporary folder); deleted at the end either way.")
  Path data;

  @Override
  public Integer call() throws Exception {
    Path dir =
        data != null
            ? Files.createDirectories(data)
            : Files.createTempDirectory("handmade-bench-report-");
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(
        "machine: %d processors, load average %.1f; heap limit %.0f MiB; data in %s%n",
        os.getAvailableProcessors(),
        os.getSystemLoadAverage(),
        Runtime.getRuntime().maxMemory() / MIB,
        dir);
    try (LocalS3Server s3 =
            LocalS3Server.start(dir.resolve("s3"), "127.0.0.1", 0, "bench", "bench-secret-key");
        ObjectStore store = s3.storeBuilder().bucket("handmade").build()) {
      store.createBucketIfAbsent();
      SyntheticAuditLog log = new SyntheticAuditLog(store, perFile);
      Path state = dir.resolve("audit-state.json");

      long start = System.nanoTime();
      long written = log.append(events);
      System.out.printf("wrote %,d events in %.0f s%n", written, seconds(start));
      Measured full = measure(store, state, "first report (whole log, empty checkpoint)", os);

      long more = Math.max(1, Math.round(events * incrementPercent / 100));
      start = System.nanoTime();
      long appended = log.append(more);
      System.out.printf("appended %,d events in %.1f s%n", appended, seconds(start));
      Measured increment =
          measure(store, state, "report after " + incrementPercent + "% more events", os);

      double share = increment.seconds() / full.seconds();
      long used = Math.max(full.heap().usedBytes(), increment.heap().usedBytes());
      System.out.printf(
          "increment: %.2f%% of the first report's time (goal: under 5%%): %s; peak live heap %.0f "
              + "MiB, peak used %.0f MiB (goal: under 512 MiB): %s%n",
          100 * share,
          share < 0.05 ? "met" : "NOT met",
          Math.max(full.heap().liveBytes(), increment.heap().liveBytes()) / MIB,
          used / MIB,
          used < 512 * MIB ? "met" : "NOT met");
      return share < 0.05 && used < 512 * MIB ? 0 : 1;
    } finally {
      delete(dir);
    }
  }

  private record Measured(double seconds, HeapPeak.Result heap) {}

  private static Measured measure(
      ObjectStore store, Path state, String what, OperatingSystemMXBean os) throws Exception {
    double loadBefore = os.getSystemLoadAverage();
    try (HeapPeak heap = HeapPeak.start()) {
      long start = System.nanoTime();
      AuditReport report =
          IncrementalAudit.report(store, state, Pseudonyms.random(), LabourInput.none());
      double seconds = seconds(start);
      HeapPeak.Result peak = heap.result();
      System.out.printf(
          "%s: %.2f s, %,d events in %,d files, chain %s; heap peak used %.0f MiB, peak live %.0f MiB "
              + "(%d collections); load average %.1f before, %.1f after; checkpoint %.0f KiB%n",
          what,
          seconds,
          report.sources().events(),
          report.sources().auditFiles(),
          report.chain().intact() ? "intact" : "BROKEN",
          peak.usedBytes() / MIB,
          peak.liveBytes() / MIB,
          peak.collections(),
          loadBefore,
          os.getSystemLoadAverage(),
          Files.size(state) / 1024.0);
      return new Measured(seconds, peak);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
