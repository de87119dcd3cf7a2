package dev.handmade.model.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handmade.model.kitti.DriveLogWriter;
import dev.handmade.model.kitti.ImportReport;
import dev.handmade.model.kitti.KittiImporter;
import dev.handmade.model.kitti.KittiSample;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.schema.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriveLogFramesTest {

  @Test
  void readsEveryDriveLogInAFolderAndNamesTheOneItCannotRead(@TempDir Path folder)
      throws Exception {
    List<Frame> frames = SensorSimulator.builder().seed(3).build().frames(0, 10);
    // a proposal has no ground truth: it cannot take part
    List<Frame> withoutTruth = new ArrayList<>(frames);
    withoutTruth.set(9, Frame.newBuilder(frames.get(9)).setGroundTruth(null).build());
    Files.write(folder.resolve("a.avro"), DriveLogWriter.encode(withoutTruth.subList(0, 6)));
    Files.createDirectories(folder.resolve("later"));
    Files.write(
        folder.resolve("later").resolve("b.avro"),
        DriveLogWriter.encode(withoutTruth.subList(6, 10)));
    Files.write(folder.resolve("broken.avro"), new byte[] {1, 2, 3});
    Files.writeString(folder.resolve("notes.txt"), "not a drive log");

    DriveLogFrames logs = DriveLogFrames.fromFolder(folder);
    assertEquals(10, logs.frames().size());
    assertEquals(2, logs.files());
    assertEquals(1, logs.problems().size());
    assertTrue(logs.problems().get(0).contains("broken.avro"), logs.problems().toString());

    ActiveLearningData data = ActiveLearningData.fromFrames("test", logs.frames(), 3, 1);
    assertEquals(3, data.heldOut().size());
    assertEquals(6, data.pool().size());
    assertTrue(data.source().contains("9 frames with ground truth (of 10)"), data.source());
    assertTrue(data.pool().stream().allMatch(e -> e.getLabel() == e.getFrame().getGroundTruth()));
  }

  @Test
  void framesWithoutGroundTruthCannotMakeAnExperiment() {
    Frame f = SensorSimulator.builder().seed(3).build().frame(0);
    Frame noTruth = Frame.newBuilder(f).setGroundTruth(null).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ActiveLearningData.fromFrames("proposals", List.of(noTruth, noTruth, f), 1, 1));
    assertTrue(e.getMessage().contains("1 of 3 frames carry ground truth"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> DriveLogFrames.fromFolder(Path.of("no-such-folder")));
  }

  @Test
  void importedKittiObjectsAreFramesWithGroundTruth(@TempDir Path folder) throws Exception {
    KittiImporter importer = KittiImporter.builder().drive("sample").proposer(null).build();
    ImportReport report =
        importer.importAll(
            KittiSample.dataset(),
            (name, frames) -> {
              Path file = folder.resolve(name + ".avro");
              try {
                Files.write(file, DriveLogWriter.encode(frames));
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return file.toString();
            },
            (index, total, result, writtenTo) -> {});
    DriveLogFrames logs = DriveLogFrames.fromFolder(folder);
    assertTrue(logs.problems().isEmpty(), logs.problems().toString());
    long withTruth = logs.frames().stream().filter(fr -> fr.getGroundTruth() != null).count();
    assertEquals(report.labelledFrames(), withTruth);
    assertTrue(withTruth >= 2, "the sample's labelled objects: " + withTruth);
    ActiveLearningData data = ActiveLearningData.fromFrames("kitti sample", logs.frames(), 1, 1);
    assertEquals(withTruth, data.pool().size() + data.heldOut().size());
  }
}
