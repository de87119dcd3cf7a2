package dev.handmade.infra.cli;

import dev.handmade.model.kitti.DriveLogWriter;
import dev.handmade.model.nuscenes.NuScenesFormatException;
import dev.handmade.model.nuscenes.NuScenesImportReport;
import dev.handmade.model.nuscenes.NuScenesImporter;
import dev.handmade.model.nuscenes.NuScenesImporter.SampleResult;
import dev.handmade.schema.Frame;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Imports a nuScenes release as drive logs, which the job reads with
 * {@code --handmade.source drive-logs}, as it reads KITTI's. Bad input is reported and skipped;
 * the exit status says whether any was.
 */
@Command(
    name = "import-nuscenes",
    mixinStandardHelpOptions = true,
    description = {
      "Import a nuScenes release (JSON tables, LIDAR_TOP keyframe sweeps, six cameras) as Avro drive logs "
          + "under drive-logs/ in the object store: a frame per annotated object with lidar returns in its box.",
      "Exit status: 0 all imported, 2 some input was skipped (listed), 1 the tables could not be read.",
      "nuScenes is licensed CC BY-NC-SA 4.0 (non-commercial, share-alike)."
    })
final class ImportNuScenesCommand implements Callable<Integer> {

  @Option(
      names = "--nuscenes-dir",
      required = true,
      paramLabel = "DIR",
      description =
          "The dataroot: the folder holding samples/ and the version folder of the tables.")
  Path dataroot;

  @Option(
      names = "--version",
      defaultValue = "v1.0-mini",
      paramLabel = "VERSION",
      description = "The tables' folder under the dataroot (default: ${DEFAULT-VALUE}).")
  String version;

  @Option(
      names = "--drive",
      paramLabel = "NAME",
      description =
          "Names the import in frame ids (nuscenes-<drive>-<annotation token>), the source "
              + "(nuscenes:<drive>) and file names (drive-logs/nuscenes-<drive>-<scene>-<NNN>.avro); default: the "
              + "version (v1.0-mini).")
  String drive;

  @Mixin DataFolderOptions store = new DataFolderOptions();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (!Files.isDirectory(dataroot.resolve(version))) {
      System.err.println("no nuScenes tables at " + dataroot.resolve(version).toAbsolutePath());
      return 1;
    }
    String name = drive != null ? drive : version.replaceAll("[^A-Za-z0-9_.-]", "_");
    NuScenesImporter importer = NuScenesImporter.create(name, 64);
    try (ObjectStoreOptions.Opened opened = store.open()) {
      out.printf(
          "importing %s as drive '%s' into %s, bucket %s%n",
          dataroot.resolve(version), name, opened.store().endpoint(), opened.store().bucket());
      NuScenesImportReport report;
      try {
        report =
            importer.importAll(
                dataroot,
                version,
                new DriveLogWriter(opened.store()),
                (index, total, result, writtenTo) ->
                    progress(out, index, total, result, writtenTo));
      } catch (NuScenesFormatException e) {
        System.err.println("cannot read the tables: " + e.getMessage());
        return 1;
      }
      summary(out, report);
      return report.errors().isEmpty() ? 0 : 2;
    }
  }

  private static void progress(
      PrintStream out, int index, int total, SampleResult result, String writtenTo) {
    Map<String, Long> classes =
        result.frames().stream()
            .collect(
                Collectors.groupingBy(
                    (Frame f) -> f.getGroundTruth().name().toLowerCase(Locale.ROOT),
                    TreeMap::new,
                    Collectors.counting()));
    int skipped = result.skipped().values().stream().mapToInt(Integer::intValue).sum();
    out.printf(
        "%s %s #%d: %s%s%s%s%n",
        ImportProgress.bar(index, total),
        result.scene(),
        result.index(),
        ImportProgress.counts(classes),
        skipped > 0 ? " (" + skipped + " annotations made none)" : "",
        result.problems().isEmpty() ? "" : ", " + result.problems().size() + " skipped",
        writtenTo == null ? "" : " -> " + writtenTo);
    result.problems().forEach(p -> out.println("    skipped " + p));
  }

  private static void summary(PrintStream out, NuScenesImportReport report) {
    out.printf(
        "%d samples, %d drive-log files, %d frames%n",
        report.samples(), report.files(), report.frames());
    ImportProgress.perClass(out, report.perClass());
    report
        .skipped()
        .forEach(
            (reason, n) ->
                out.printf(
                    "  no frame: %-16s %6d%n",
                    reason.name().toLowerCase(Locale.ROOT).replace('_', ' '), n));
    out.printf("%-14s %6d%n", "errors", report.errors().size());
    report.errors().forEach(e -> out.println("  " + e));
  }
}
