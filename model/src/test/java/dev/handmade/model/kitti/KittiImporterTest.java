package dev.handmade.model.kitti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.model.classifier.FrameTensors;
import dev.handmade.schema.CameraImage;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import dev.handmade.schema.ObjectClass;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer on the three real KITTI frames of the sample. */
class KittiImporterTest {

  private static final List<String> FRAMES = List.of("000000", "000001", "000002");

  private KittiDataset dataset;
  private KittiImporter importer;

  @BeforeEach
  void sample() {
    dataset = KittiSample.dataset();
    importer = KittiImporter.builder().drive("sample").build();
  }

  @Test
  void makesOneFramePerLabelledObjectWithItsClassAndCountsMatchTheLabelFiles() throws IOException {
    Map<String, List<Frame>> written = new LinkedHashMap<>();
    ImportReport report =
        importer.importAll(
            dataset,
            (name, frames) -> {
              written.put(name, frames);
              return name;
            },
            null);

    // expected straight from the label files, with the mapping written out again here
    Map<ObjectClass, Integer> expected = new EnumMap<>(ObjectClass.class);
    int expectedDontCare = 0;
    for (String frame : FRAMES) {
      List<ObjectClass> classes = new ArrayList<>();
      for (String line : Files.readAllLines(dataset.label(frame))) {
        String type = line.split(" ")[0];
        if (type.equals("DontCare")) {
          expectedDontCare++;
          continue;
        }
        ObjectClass c =
            switch (type) {
              case "Car", "Van" -> ObjectClass.CAR;
              case "Truck" -> ObjectClass.TRUCK;
              case "Pedestrian", "Person_sitting" -> ObjectClass.PEDESTRIAN;
              case "Cyclist" -> ObjectClass.CYCLIST;
              default -> ObjectClass.OTHER;
            };
        classes.add(c);
        expected.merge(c, 1, Integer::sum);
      }
      assertThat(written.get("kitti-sample-" + frame))
          .extracting(Frame::getGroundTruth)
          .as("frame %s", frame)
          .containsExactlyElementsOf(classes);
    }
    assertThat(expected)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                ObjectClass.PEDESTRIAN,
                1,
                ObjectClass.CAR,
                2,
                ObjectClass.TRUCK,
                1,
                ObjectClass.CYCLIST,
                1,
                ObjectClass.OTHER,
                1));
    for (ObjectClass c : ObjectClass.values()) {
      assertThat(report.count(c)).as("%s", c).isEqualTo(expected.getOrDefault(c, 0));
    }
    assertThat(expectedDontCare).isEqualTo(4);
    assertThat(report.dontCare()).isEqualTo(4);
    assertThat(report.errors()).isEmpty();
    assertThat(report.proposals()).isZero();
    assertThat(report.kittiFrames()).isEqualTo(3);
    assertThat(report.files()).isEqualTo(3);
    List<Frame> all = written.values().stream().flatMap(List::stream).toList();
    assertThat(all)
        .extracting(Frame::getFrameId)
        .doesNotHaveDuplicates()
        .contains("kitti-sample-000000-0", "kitti-sample-000001-2");
    assertThat(all)
        .allSatisfy(
            f -> {
              assertThat(f.getSource()).isEqualTo("kitti:sample");
              assertThat(f.getVehicleId()).isEqualTo("kitti");
              assertThat(f.getBox()).isNotNull();
              FrameTensors.validate(f);
            });
    System.out.println("import of the sample: " + report);
  }

  @Test
  void cropIsNonEmptyAndShowsTheLabelsBox() throws IOException {
    for (String frame : FRAMES) {
      BufferedImage image = ImageIO.read(dataset.image(frame).toFile());
      for (KittiImporter.Observation o : importer.readFrame(dataset, frame).observations()) {
        Frame f = o.frame();
        assertThat(f.getCamera().getWidth()).isEqualTo(KittiImporter.DEFAULT_CROP_SIZE);
        assertThat(f.getCamera().getHeight()).isEqualTo(KittiImporter.DEFAULT_CROP_SIZE);
        byte[] rgb = bytes(f.getCamera().getRgb());
        assertThat(rgb).hasSize(3 * 64 * 64);
        // the box keeps its shape: scaled so that its longer side fills the crop, grey beside it
        int[] region =
            CameraCrops.clip(
                o.label().left(),
                o.label().top(),
                o.label().right(),
                o.label().bottom(),
                image.getWidth(),
                image.getHeight());
        int[] at = CameraCrops.placement(region, 64);
        double boxAspect = (double) (region[2] - region[0]) / (region[3] - region[1]);
        double placedAspect = (double) (at[2] - at[0]) / (at[3] - at[1]);
        assertThat(placedAspect)
            .as("%s: aspect ratio", f.getFrameId())
            .isCloseTo(boxAspect, within(0.1 * boxAspect + 0.05));
        assertThat(Math.max(at[2] - at[0], at[3] - at[1])).isEqualTo(64);
        double[] cropMean = new double[3];
        double spread = 0;
        int inside = 0;
        for (int y = at[1]; y < at[3]; y++) {
          for (int x = at[0]; x < at[2]; x++) {
            int i = 3 * (y * 64 + x);
            inside++;
            for (int c = 0; c < 3; c++) {
              cropMean[c] += rgb[i + c] & 0xff;
              spread =
                  Math.max(
                      spread,
                      Math.abs((rgb[i + c] & 0xff) - (rgb[3 * (at[1] * 64 + at[0]) + c] & 0xff)));
            }
          }
        }
        for (int c = 0; c < 3; c++) {
          cropMean[c] /= inside;
        }
        if (at[0] > 0) {
          assertThat(rgb[0] & 0xff).as("%s: margin", f.getFrameId()).isEqualTo(0x80);
        }
        assertThat(spread)
            .as("%s: a real crop is not one flat colour", f.getFrameId())
            .isGreaterThan(20);
        // the placed part is a resampling of the label's 2D box, so its mean colour is the box's
        double[] boxMean = meanColour(image, o.label());
        for (int c = 0; c < 3; c++) {
          assertThat(cropMean[c])
              .as("%s channel %d", f.getFrameId(), c)
              .isCloseTo(boxMean[c], within(6.0));
        }
      }
    }
  }

  @Test
  void eachFrameCarriesTheWholeImageScaledDownWithItsCropMarked() throws IOException {
    for (String frame : FRAMES) {
      BufferedImage image = ImageIO.read(dataset.image(frame).toFile());
      for (KittiImporter.Observation o : importer.readFrame(dataset, frame).observations()) {
        CameraImage whole = o.frame().getCameraImage();
        assertThat(whole).as("%s", o.frame().getFrameId()).isNotNull();
        System.out.printf(
            "%s: whole image %dx%d, %d bytes of JPEG%n",
            o.frame().getFrameId(),
            whole.getWidth(),
            whole.getHeight(),
            whole.getJpeg().remaining());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes(whole.getJpeg())));
        assertThat(decoded.getWidth())
            .isEqualTo(whole.getWidth())
            .isEqualTo(CameraCrops.OVERVIEW_WIDTH);
        assertThat(decoded.getHeight())
            .isEqualTo(whole.getHeight())
            .isCloseTo(
                image.getHeight() * CameraCrops.OVERVIEW_WIDTH / image.getWidth(), within(1));
        double scale = (double) whole.getWidth() / image.getWidth();
        KittiLabel label = o.label();
        assertThat((double) whole.getCropLeft()).isCloseTo(label.left() * scale, within(1.0));
        assertThat((double) whole.getCropTop()).isCloseTo(label.top() * scale, within(1.0));
        assertThat((double) whole.getCropRight()).isCloseTo(label.right() * scale, within(1.0));
        assertThat((double) whole.getCropBottom()).isCloseTo(label.bottom() * scale, within(1.0));
        // it is the camera's picture, not a blank: its mean colour is the original's
        assertThat(meanColour(decoded))
            .as("%s mean colour", frame)
            .usingElementComparator((a, b) -> Math.abs(a - b) < 4 ? 0 : Double.compare(a, b))
            .containsExactly(meanColour(image).toArray(new Double[0]));
      }
    }
  }

  @Test
  void keptLidarPointsFallInsideTheObjectsBox() throws IOException {
    for (String frame : FRAMES) {
      float[] sweep = KittiSample.sweep(dataset.velodyne(frame));
      double[] toImage = KittiSample.veloToImage(dataset.calib(frame));
      for (KittiImporter.Observation o : importer.readFrame(dataset, frame).observations()) {
        KittiLabel label = o.label();
        List<LidarPoint> points = o.frame().getLidar();
        assertThat(o.sourcePoints()).hasSize(points.size());

        // Independently of the importer's transform: the kept sweep points, projected with this
        // test's own P2 * R0_rect * Tr_velo_to_cam, land in the label's 2D box. The 2D box is drawn
        // by hand on the image and the 3D box fitted separately, so they agree only roughly: a
        // margin of 10% of the box's size (at least 4 px) and 90% of the points inside.
        double marginX = Math.max(4, 0.1 * (label.right() - label.left()));
        double marginY = Math.max(4, 0.1 * (label.bottom() - label.top()));
        int inside = 0;
        for (int i : o.sourcePoints()) {
          double[] uv =
              KittiSample.project(toImage, sweep[4 * i], sweep[4 * i + 1], sweep[4 * i + 2]);
          if (uv != null
              && uv[0] >= label.left() - marginX
              && uv[0] <= label.right() + marginX
              && uv[1] >= label.top() - marginY
              && uv[1] <= label.bottom() + marginY) {
            inside++;
          }
        }
        System.out.printf(
            "%s %-10s %5.1f m: %4d lidar points, %4d inside the 2D box%n",
            o.frame().getFrameId(),
            label.type(),
            o.frame().getConditions().getRangeMeters(),
            points.size(),
            inside);
        assertThat(inside)
            .as("%s points inside its 2D box", o.frame().getFrameId())
            .isGreaterThanOrEqualTo((int) Math.ceil(0.9 * points.size()));

        // in the object's frame every point lies in the box, bottom on z = 0
        for (LidarPoint p : points) {
          assertThat(Math.abs(p.getX()))
              .isLessThanOrEqualTo(o.frame().getBox().getLength() / 2 + 1e-4f);
          assertThat(Math.abs(p.getY()))
              .isLessThanOrEqualTo(o.frame().getBox().getWidth() / 2 + 1e-4f);
          assertThat(p.getZ()).isBetween(-1e-4f, o.frame().getBox().getHeight() + 1e-4f);
        }
        // the object's frame is the sweep moved rigidly with z kept up: distances are kept, and
        // heights differ by one offset (the road is nearly level, so a few cm at most)
        for (int a = 0; a < points.size(); a++) {
          int b = (a * 7 + 3) % points.size();
          int ia = o.sourcePoints()[a];
          int ib = o.sourcePoints()[b];
          double dObject =
              distance(
                  points.get(a).getX() - points.get(b).getX(),
                  points.get(a).getY() - points.get(b).getY(),
                  points.get(a).getZ() - points.get(b).getZ());
          double dSweep =
              distance(
                  sweep[4 * ia] - sweep[4 * ib],
                  sweep[4 * ia + 1] - sweep[4 * ib + 1],
                  sweep[4 * ia + 2] - sweep[4 * ib + 2]);
          assertThat(dObject).isCloseTo(dSweep, within(1e-3));
          double heights =
              (points.get(a).getZ() - sweep[4 * ia + 2])
                  - (points.get(b).getZ() - sweep[4 * ib + 2]);
          assertThat(heights).isCloseTo(0, within(0.1));
          assertThat(points.get(a).getIntensity()).isEqualTo(sweep[4 * ia + 3]);
        }
      }
    }
  }

  @Test
  void nearbyObjectsHaveLidarPointsAndTheirConditions() {
    KittiImporter.Observation pedestrian =
        importer.readFrame(dataset, "000000").observations().get(0);
    // the pedestrian stands 8.4 m ahead: the HDL-64E puts hundreds of returns on a person there
    assertThat(pedestrian.frame().getLidar()).hasSizeGreaterThan(100);
    assertThat(pedestrian.frame().getConditions().getRangeMeters()).isCloseTo(8.6f, within(0.5f));
    assertThat(pedestrian.frame().getConditions().getOcclusion()).isZero();
    KittiImporter.Observation cyclist = importer.readFrame(dataset, "000001").observations().get(2);
    assertThat(cyclist.label().type()).isEqualTo("Cyclist");
    assertThat(cyclist.frame().getConditions().getOcclusion()).isEqualTo(0.9f);
    assertThat(cyclist.frame().getCapturedAt()).isAfter(pedestrian.frame().getCapturedAt());
  }

  @Test
  void framesWithoutLabelsBecomeProposalsWithoutGroundTruth(@TempDir Path root) throws IOException {
    KittiDataset unlabelled = new KittiDataset(root, "testing");
    for (String dir : List.of("velodyne", "image_2", "calib")) {
      Files.createDirectories(unlabelled.splitDir().resolve(dir));
    }
    Files.copy(dataset.velodyne("000000"), unlabelled.velodyne("000000"));
    Files.copy(dataset.image("000000"), unlabelled.image("000000"));
    Files.copy(dataset.calib("000000"), unlabelled.calib("000000"));
    Map<String, List<Frame>> written = new LinkedHashMap<>();

    ImportReport report =
        importer.importAll(
            unlabelled,
            (name, frames) -> {
              written.put(name, frames);
              return name;
            },
            null);

    assertThat(report.errors()).isEmpty();
    assertThat(report.labelledFrames()).isZero();
    assertThat(report.proposals())
        .isPositive()
        .isEqualTo(written.get("kitti-sample-000000").size());
    assertThat(written.get("kitti-sample-000000"))
        .allSatisfy(
            f -> {
              assertThat(f.getFrameId()).startsWith("kitti-sample-000000-p");
              assertThat(f.getGroundTruth()).isNull();
              assertThat(f.getCamera().getWidth()).isEqualTo(KittiImporter.DEFAULT_CROP_SIZE);
              assertThat(f.getLidar())
                  .hasSizeGreaterThanOrEqualTo(10)
                  .allSatisfy(
                      p -> {
                        assertThat(Math.abs(p.getX()))
                            .isLessThanOrEqualTo(f.getBox().getLength() / 2 + 1e-4f);
                        assertThat(Math.abs(p.getY()))
                            .isLessThanOrEqualTo(f.getBox().getWidth() / 2 + 1e-4f);
                        assertThat(p.getZ()).isLessThanOrEqualTo(f.getBox().getHeight() + 1e-4f);
                      });
              FrameTensors.validate(f);
            });
  }

  private static List<Double> meanColour(BufferedImage image) {
    double[] mean = new double[3];
    double n = (double) image.getWidth() * image.getHeight();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int argb = image.getRGB(x, y);
        mean[0] += ((argb >> 16) & 0xff) / n;
        mean[1] += ((argb >> 8) & 0xff) / n;
        mean[2] += (argb & 0xff) / n;
      }
    }
    return List.of(mean[0], mean[1], mean[2]);
  }

  private static double[] meanColour(BufferedImage image, KittiLabel label) {
    int x0 = (int) Math.floor(label.left());
    int y0 = (int) Math.floor(label.top());
    int x1 = (int) Math.min(image.getWidth(), Math.ceil(label.right()));
    int y1 = (int) Math.min(image.getHeight(), Math.ceil(label.bottom()));
    double[] mean = new double[3];
    int n = (x1 - x0) * (y1 - y0);
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        int argb = image.getRGB(x, y);
        mean[0] += ((argb >> 16) & 0xff) / (double) n;
        mean[1] += ((argb >> 8) & 0xff) / (double) n;
        mean[2] += (argb & 0xff) / (double) n;
      }
    }
    return mean;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static double distance(double x, double y, double z) {
    return Math.sqrt(x * x + y * y + z * z);
  }
}
