package dev.handmade.infra.cli;

import dev.handmade.model.kitti.DriveLogWriter;
import dev.handmade.model.kitti.ImportReport;
import dev.handmade.model.kitti.KittiDataset;
import dev.handmade.model.kitti.KittiImporter;
import dev.handmade.model.kitti.KittiImporter.FrameResult;
import dev.handmade.model.kitti.KittiImporter.Observation;
import dev.handmade.model.proposals.ObjectProposer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Imports a KITTI 3D object split as drive logs, which the job reads with
 * {@code --handmade.source drive-logs}. Bad input is reported and skipped; the exit status says
 * whether any was.
 */
@Command(
    name = "import-kitti",
    mixinStandardHelpOptions = true,
    description = {
      "Import a KITTI 3D object split (velodyne, image_2, label_2, calib) as Avro drive logs under "
          + "drive-logs/ in the object store: a frame per labelled object (DontCare skipped), and object "
          + "proposals (ground removal + clustering) for frames without labels.",
      "Exit status: 0 all imported, 2 some input was skipped (listed), 1 nothing could be read.",
      "KITTI is licensed CC BY-NC-SA 3.0 (non-commercial, share-alike)."
    })
final class ImportKittiCommand implements Callable<Integer> {

  @Option(
      names = "--kitti-dir",
      required = true,
      paramLabel = "DIR",
      description = "The KITTI object folder holding the split folders (training/, testing/).")
  Path kittiDir;

  @Option(
      names = "--split",
      defaultValue = "training",
      description = "Split folder (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--drive",
      paramLabel = "NAME",
      description =
          "Names the import in frame ids, the source (kitti:<drive>) and file names "
              + "(drive-logs/kitti-<drive>-<frame>.avro); default: the KITTI folder's name and the split "
              + "(object_training), so that importing another split into the same store adds to it instead of "
              + "replacing the first split's files of the same frame numbers.")
  String drive;

  @Option(
      names = "--proposals",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Make object proposals for frames without labels (default: ${DEFAULT-VALUE}).")
  boolean proposals;

  @Mixin DataFolderOptions store = new DataFolderOptions();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    KittiDataset dataset = new KittiDataset(kittiDir, split);
    if (!Files.isDirectory(dataset.splitDir())) {
      System.err.println("no KITTI split at " + dataset.splitDir().toAbsolutePath());
      return 1;
    }
    // KITTI numbers frames per split from 000000: two splits under one name would share file names
    String name =
        drive != null
            ? drive
            : (kittiDir.toAbsolutePath().normalize().getFileName() + "_" + split)
                .replaceAll("[^A-Za-z0-9_.]", "_");
    KittiImporter importer =
        KittiImporter.builder()
            .drive(name)
            .proposer(proposals ? new ObjectProposer(ObjectProposer.Config.defaults()) : null)
            .build();
    try (ObjectStoreOptions.Opened opened = store.open()) {
      out.printf(
          "importing %s as drive '%s' into %s, bucket %s%n",
          dataset.splitDir(), name, opened.store().endpoint(), opened.store().bucket());
      ImportReport report =
          importer.importAll(
              dataset,
              new DriveLogWriter(opened.store()),
              (index, total, result, writtenTo) -> progress(out, index, total, result, writtenTo));
      summary(out, report);
      if (report.kittiFrames() == 0) {
        return 1;
      }
      return report.errors().isEmpty() ? 0 : 2;
    }
  }

  private static void progress(
      PrintStream out, int index, int total, FrameResult result, String writtenTo) {
    Map<String, Long> kinds =
        result.observations().stream()
            .collect(
                Collectors.groupingBy(
                    ImportKittiCommand::kind, TreeMap::new, Collectors.counting()));
    int leftOut = result.rejected().values().stream().mapToInt(Integer::intValue).sum();
    out.printf(
        "%s %s: %s%s%s%s%s%n",
        ImportProgress.bar(index, total),
        result.frame(),
        ImportProgress.counts(kinds),
        leftOut > 0 ? " (" + leftOut + " segments left out)" : "",
        result.dontCare() > 0 ? ", DontCare " + result.dontCare() : "",
        result.problems().isEmpty() ? "" : ", " + result.problems().size() + " skipped",
        writtenTo == null ? "" : " -> " + writtenTo);
    result.problems().forEach(p -> out.println("    skipped " + p));
  }

  private static String kind(Observation o) {
    return o.proposal() != null ? "proposal" : o.frame().getGroundTruth().name().toLowerCase();
  }

  private static void summary(PrintStream out, ImportReport report) {
    out.printf(
        "%d KITTI frames, %d drive-log files, %d frames%n",
        report.kittiFrames(), report.files(), report.frames());
    ImportProgress.perClass(out, report.perClass());
    out.printf("%-14s %6d%n", "proposals", report.proposals());
    report
        .proposalsRejected()
        .forEach(
            (reason, n) -> {
              if (n > 0) {
                out.printf(
                    "  left out: %-16s %6d%n", reason.name().toLowerCase().replace('_', ' '), n);
              }
            });
    out.printf("%-14s %6d  (skipped)%n", "DontCare", report.dontCare());
    out.printf("%-14s %6d%n", "errors", report.errors().size());
    report.errors().forEach(e -> out.println("  " + e));
  }
}
