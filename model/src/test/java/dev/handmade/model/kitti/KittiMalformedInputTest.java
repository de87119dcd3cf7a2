package dev.handmade.model.kitti;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.schema.Frame;
import dev.handmade.schema.ObjectClass;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of the sample: each problem is reported with its file and line, and everything
 * else is still imported.
 */
class KittiMalformedInputTest {

  @TempDir Path root;

  @Test
  void damagedInputIsReportedWithFileAndLineAndTheRestIsImported() throws IOException {
    KittiDataset sample = KittiSample.dataset();
    KittiDataset damaged = new KittiDataset(root, "training");
    for (String dir : List.of("velodyne", "image_2", "label_2", "calib")) {
      Files.createDirectories(damaged.splitDir().resolve(dir));
    }
    // 000000: intact
    copy(sample, "000000", damaged, "000000");
    // 000001: two bad lines added after its seven good ones
    copy(sample, "000001", damaged, "000001");
    Files.writeString(
        damaged.label("000001"),
        "Car 0.00 0 1.85 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39\n"
            + "Car 0.00 0 oops 387.63 181.54 423.81 203.12 1.67 1.87 3.69 -16.53 2.39 58.49 1.57\n",
        StandardOpenOption.APPEND);
    // 000002: the sweep cut off mid-point
    copy(sample, "000002", damaged, "000002");
    byte[] bin = Files.readAllBytes(sample.velodyne("000002"));
    Files.write(damaged.velodyne("000002"), Arrays.copyOf(bin, bin.length - 6));
    // 000003: no calibration file
    copy(sample, "000000", damaged, "000003");
    Files.delete(damaged.calib("000003"));
    // 000004: calibration without Tr_velo_to_cam
    copy(sample, "000000", damaged, "000004");
    List<String> calib = new ArrayList<>(Files.readAllLines(damaged.calib("000004")));
    calib.removeIf(l -> l.startsWith("Tr_velo_to_cam"));
    Files.write(damaged.calib("000004"), calib);
    // 000005: an 8x8 image: both of 000002's boxes are off it
    copy(sample, "000002", damaged, "000005");
    ImageIO.write(
        new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
        "png",
        damaged.image("000005").toFile());
    // 000006: an image smaller than the pedestrian's box, which is clipped to what is left
    copy(sample, "000000", damaged, "000006");
    BufferedImage full = ImageIO.read(sample.image("000000").toFile());
    ImageIO.write(full.getSubimage(0, 0, 750, 250), "png", damaged.image("000006").toFile());

    Map<String, List<Frame>> written = new LinkedHashMap<>();
    ImportReport report =
        KittiImporter.builder()
            .drive("damaged")
            .proposer(null)
            .build()
            .importAll(
                damaged,
                (name, frames) -> {
                  written.put(name, frames);
                  return name;
                },
                null);

    System.out.println(report);
    assertThat(report.errors())
        .extracting(ImportReport.Problem::toString)
        .satisfiesExactlyInAnyOrder(
            e -> assertThat(e).startsWith("label_2/000001.txt:8: expected 15 fields, found 13"),
            e -> assertThat(e).startsWith("label_2/000001.txt:9: field 4 'oops' is not a number"),
            e -> assertThat(e).startsWith("velodyne/000002.bin:0: truncated"),
            e -> assertThat(e).startsWith("calib/000003.txt:0: calibration file is missing"),
            e -> assertThat(e).startsWith("calib/000004.txt:0: no 'Tr_velo_to_cam:' line"),
            e ->
                assertThat(e)
                    .startsWith("label_2/000005.txt:1: 2D box")
                    .contains("8x8 image image_2/000005.png"),
            e -> assertThat(e).startsWith("label_2/000005.txt:2: 2D box"));
    // the good frames and the good lines of a bad file are all there
    assertThat(written.keySet())
        .containsExactly("kitti-damaged-000000", "kitti-damaged-000001", "kitti-damaged-000006");
    assertThat(written.get("kitti-damaged-000001"))
        .extracting(Frame::getGroundTruth)
        .containsExactly(ObjectClass.TRUCK, ObjectClass.CAR, ObjectClass.CYCLIST);
    assertThat(report.count(ObjectClass.PEDESTRIAN)).isEqualTo(2);
    assertThat(report.count(ObjectClass.OTHER)).isZero();
    assertThat(report.dontCare()).isEqualTo(4);
    Frame clipped = written.get("kitti-damaged-000006").get(0);
    assertThat(clipped.getCamera().getWidth()).isEqualTo(KittiImporter.DEFAULT_CROP_SIZE);
    assertThat(clipped.getLidar()).isEqualTo(written.get("kitti-damaged-000000").get(0).getLidar());
  }

  private static void copy(KittiDataset from, String frame, KittiDataset to, String as)
      throws IOException {
    Files.copy(from.velodyne(frame), to.velodyne(as));
    Files.copy(from.image(frame), to.image(as));
    Files.copy(from.label(frame), to.label(as));
    Files.copy(from.calib(frame), to.calib(as));
  }
}
