package dev.handmade.model.nuscenes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.handmade.model.classifier.FrameTensors;
import dev.handmade.model.kitti.CameraCrops;
import dev.handmade.model.kitti.DriveLogWriter;
import dev.handmade.model.nuscenes.NuScenesFixture.Expected;
import dev.handmade.model.nuscenes.NuScenesFixture.Placed;
import dev.handmade.model.nuscenes.NuScenesFixture.SampleSpec;
import dev.handmade.model.nuscenes.NuScenesFixture.SceneSpec;
import dev.handmade.model.nuscenes.NuScenesImportReport.Skip;
import dev.handmade.schema.CameraImage;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Weather;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer on a small nuScenes release written from the published schema into a temporary folder. */
class NuScenesImporterTest {

  private static final Color RED = new Color(220, 30, 30);
  private static final Color BLUE = new Color(30, 60, 220);
  private static final Color GREEN = new Color(30, 200, 60);
  private static final Color YELLOW = new Color(230, 210, 20);
  private static final Color WHITE = new Color(240, 240, 240);
  private static final Color MAGENTA = new Color(210, 40, 200);

  private static final Placed CAR =
      new Placed(
          "car",
          "vehicle.car",
          List.of("vehicle.moving"),
          "4",
          new double[] {15, 2, 0.8},
          Math.toRadians(10),
          new double[] {1.9, 4.5, 1.6},
          60,
          "CAM_FRONT",
          RED);
  private static final Placed WALKER =
      new Placed(
          "walker",
          "human.pedestrian.adult",
          List.of("pedestrian.moving"),
          "2",
          new double[] {-12, -1, 0.9},
          0,
          new double[] {0.6, 0.7, 1.8},
          25,
          "CAM_BACK",
          BLUE);
  private static final Placed PARKED_BIKE =
      new Placed(
          "parked-bike",
          "vehicle.bicycle",
          List.of("cycle.without_rider"),
          "3",
          new double[] {8, -6, 0.5},
          Math.toRadians(80),
          new double[] {0.6, 1.8, 1.0},
          12,
          "CAM_FRONT_RIGHT",
          GREEN);

  /** Annotated from the cameras, but the keyframe sweep has no return on it. */
  private static final Placed BARRIER =
      new Placed(
          "barrier",
          "movable_object.barrier",
          List.of(),
          "1",
          new double[] {20, -8, 0.5},
          0,
          new double[] {0.5, 2.0, 1.0},
          0,
          null,
          null);

  /** On the roof, behind every camera's image plane. */
  private static final Placed ON_ROOF =
      new Placed(
          "on-roof",
          "movable_object.debris",
          List.of(),
          "",
          new double[] {0.6, 0, 2.2},
          0,
          new double[] {0.4, 0.4, 0.4},
          5,
          null,
          null);

  private static final Placed RIDER =
      new Placed(
          "rider",
          "vehicle.bicycle",
          List.of("cycle.with_rider"),
          "4",
          new double[] {10, 3, 0.9},
          Math.toRadians(-5),
          new double[] {0.7, 1.8, 1.8},
          20,
          "CAM_FRONT",
          YELLOW);

  /** Whole in CAM_FRONT_LEFT, a sliver at CAM_FRONT's edge: the camera that sees more of it must win. */
  private static final Placed VAN =
      new Placed(
          "van",
          "vehicle.car",
          List.of("vehicle.parked"),
          "4",
          new double[] {7, 5, 0.9},
          0,
          new double[] {1.8, 3.0, 1.8},
          30,
          "CAM_FRONT_LEFT",
          MAGENTA);

  private static final Placed BUS =
      new Placed(
          "bus",
          "vehicle.bus.rigid",
          List.of("vehicle.moving"),
          "4",
          new double[] {25, 0, 1.6},
          Math.toRadians(3),
          new double[] {2.6, 11.0, 3.2},
          80,
          "CAM_FRONT",
          WHITE);

  private static List<SceneSpec> release() {
    Placed carLater =
        new Placed(
            "car",
            CAR.category(),
            CAR.attributes(),
            "3",
            new double[] {12, 1.5, 0.8},
            Math.toRadians(12),
            CAR.size(),
            70,
            "CAM_FRONT",
            RED);
    return List.of(
        new SceneSpec(
            "scene-0061",
            "Parked truck, construction, intersection, turn left, following a van",
            List.of(
                new SampleSpec(
                    new double[] {411.3, 1180.9, 0},
                    Math.toRadians(30),
                    1_531_883_530_449_377L,
                    List.of(CAR, WALKER, PARKED_BIKE, BARRIER, ON_ROOF)),
                new SampleSpec(
                    new double[] {415.6, 1183.4, 0},
                    Math.toRadians(32),
                    1_531_883_530_949_377L,
                    List.of(carLater, RIDER, VAN)))),
        new SceneSpec(
            "scene-1077",
            "Night, rain, big street, bus stop, high speed",
            List.of(
                new SampleSpec(
                    new double[] {1010.5, 620.2, 0},
                    Math.toRadians(-100),
                    1_542_801_007_446_751L,
                    List.of(BUS)))));
  }

  @Test
  void eachObjectWithReturnsBecomesAFrameInItsOwnFrameWithTheCameraThatSeesIt(@TempDir Path root)
      throws Exception {
    NuScenesFixture fixture = NuScenesFixture.write(root, release());
    Map<String, List<Frame>> written = new LinkedHashMap<>();
    NuScenesImportReport report =
        NuScenesImporter.create("mini", 64)
            .importAll(
                root,
                NuScenesFixture.VERSION,
                (name, frames) -> {
                  written.put(name, frames);
                  return name;
                },
                null);

    assertThat(written.keySet())
        .containsExactly(
            "nuscenes-mini-scene-0061-000",
            "nuscenes-mini-scene-0061-001",
            "nuscenes-mini-scene-1077-000");
    assertThat(report.samples()).isEqualTo(3);
    assertThat(report.files()).isEqualTo(3);
    assertThat(report.errors()).isEmpty();
    assertThat(report.perClass())
        .containsAllEntriesOf(
            Map.of(
                ObjectClass.CAR,
                3,
                ObjectClass.PEDESTRIAN,
                1,
                ObjectClass.OTHER,
                1,
                ObjectClass.CYCLIST,
                1,
                ObjectClass.TRUCK,
                1));
    assertThat(report.skipped())
        .containsExactlyInAnyOrderEntriesOf(Map.of(Skip.NO_LIDAR_POINTS, 1, Skip.IN_NO_CAMERA, 1));

    Map<String, Frame> byId =
        written.values().stream()
            .flatMap(List::stream)
            .collect(Collectors.toMap(Frame::getFrameId, Function.identity()));
    List<String> made = new ArrayList<>();
    for (Expected e : fixture.expected()) {
      Placed o = e.object();
      Frame f = byId.get("nuscenes-mini-" + e.annotationToken());
      if (o.camera() == null) {
        assertThat(f).as("%s makes no frame", o.name()).isNull();
        continue;
      }
      made.add(o.name());
      assertThat(f).as(o.name()).isNotNull();
      FrameTensors.validate(f);
      assertThat(f.getSource()).isEqualTo("nuscenes:mini");
      assertThat(f.getVehicleId()).isEqualTo(NuScenesFixture.VEHICLE);

      // the keyframe sweep's returns in the box, and only those, in the object's frame
      List<LidarPoint> points = f.getLidar();
      assertThat(points).as("%s points", o.name()).hasSize(e.pointsInBox().size());
      for (int i = 0; i < points.size(); i++) {
        float[] want = e.pointsInBox().get(i);
        assertThat(points.get(i).getX()).isCloseTo(want[0], within(2e-3f));
        assertThat(points.get(i).getY()).isCloseTo(want[1], within(2e-3f));
        assertThat(points.get(i).getZ()).isCloseTo(want[2], within(2e-3f));
        assertThat(points.get(i).getIntensity()).isEqualTo(want[3]);
      }
      // size is width, length, height in nuScenes; length, width, height here; heading in the ego
      // frame
      assertThat(f.getBox().getLength()).isEqualTo((float) o.size()[1]);
      assertThat(f.getBox().getWidth()).isEqualTo((float) o.size()[0]);
      assertThat(f.getBox().getHeight()).isEqualTo((float) o.size()[2]);
      assertThat((double) f.getBox().getYaw()).isCloseTo(o.yaw(), within(1e-5));
      assertThat((double) f.getConditions().getRangeMeters()).isCloseTo(e.range(), within(1e-3));

      // the crop is cut from the camera the object was painted on, where it was painted
      byte[] rgb = bytes(f.getCamera().getRgb());
      int centre = 3 * (32 * 64 + 32);
      assertThat(new int[] {rgb[centre] & 0xff, rgb[centre + 1] & 0xff, rgb[centre + 2] & 0xff})
          .as("%s crop colour", o.name())
          .satisfies(c -> assertClose(c, o.colour(), 30));
      CameraImage whole = f.getCameraImage();
      assertThat(whole.getWidth()).isEqualTo(CameraCrops.OVERVIEW_WIDTH);
      assertThat(whole.getHeight()).isEqualTo(360);
      double scale = CameraCrops.OVERVIEW_WIDTH / (double) NuScenesFixture.WIDTH;
      double[] box = NuScenesFixture.projectedBox(o, NuScenesFixture.camera(o.camera()));
      assertThat((double) whole.getCropLeft()).isCloseTo(Math.max(0, box[0]) * scale, within(1.0));
      assertThat((double) whole.getCropTop()).isCloseTo(Math.max(0, box[1]) * scale, within(1.0));
      assertThat((double) whole.getCropRight())
          .isCloseTo(Math.min(NuScenesFixture.WIDTH, box[2]) * scale, within(1.0));
      assertThat((double) whole.getCropBottom())
          .isCloseTo(Math.min(NuScenesFixture.HEIGHT, box[3]) * scale, within(1.0));
    }
    assertThat(made).containsExactly("car", "walker", "parked-bike", "car", "rider", "van", "bus");

    Frame car = byId.get("nuscenes-mini-" + fixture.expected().get(0).annotationToken());
    assertThat(car.getGroundTruth()).isEqualTo(ObjectClass.CAR);
    assertThat(car.getCapturedAt()).isEqualTo(Instant.ofEpochMilli(1_531_883_530_449L));
    assertThat(car.getConditions().getOcclusion()).isEqualTo(0.1f);
    assertThat(car.getConditions().getLighting()).isEqualTo(Lighting.DAY);
    assertThat(car.getConditions().getWeather()).isEqualTo(Weather.CLEAR);
    Frame walker = byId.get("nuscenes-mini-" + fixture.expected().get(1).annotationToken());
    assertThat(walker.getGroundTruth()).isEqualTo(ObjectClass.PEDESTRIAN);
    assertThat(walker.getConditions().getOcclusion()).isEqualTo(0.5f);
    assertThat(
            byId.get("nuscenes-mini-" + fixture.expected().get(2).annotationToken())
                .getGroundTruth())
        .as("a bicycle without a rider")
        .isEqualTo(ObjectClass.OTHER);
    assertThat(
            byId.get("nuscenes-mini-" + fixture.expected().get(6).annotationToken())
                .getGroundTruth())
        .as("a bicycle with one")
        .isEqualTo(ObjectClass.CYCLIST);
    Frame bus = byId.get("nuscenes-mini-" + fixture.expected().get(8).annotationToken());
    assertThat(bus.getGroundTruth()).isEqualTo(ObjectClass.TRUCK);
    assertThat(bus.getConditions().getLighting()).isEqualTo(Lighting.NIGHT);
    assertThat(bus.getConditions().getWeather()).isEqualTo(Weather.RAIN);

    // the drive-log format is the KITTI importer's: an Avro container of Frame that reads back
    // whole
    List<Frame> first = written.get("nuscenes-mini-scene-0061-000");
    try (DataFileReader<Frame> reader =
        new DataFileReader<>(
            new SeekableByteArrayInput(DriveLogWriter.encode(first)),
            new SpecificDatumReader<>(Frame.class))) {
      List<Frame> read = new ArrayList<>();
      reader.forEach(read::add);
      assertThat(read).isEqualTo(first);
    }
  }

  @Test
  void aSampleWhoseSweepIsCutOffIsReportedAndTheOthersAreImported(@TempDir Path root)
      throws Exception {
    NuScenesFixture fixture = NuScenesFixture.write(root, release());
    Path second = fixture.sweeps().get(1);
    byte[] sweep = Files.readAllBytes(second);
    Files.write(second, Arrays.copyOf(sweep, sweep.length - 7));

    List<String> written = new ArrayList<>();
    NuScenesImportReport report =
        NuScenesImporter.create("mini", 64)
            .importAll(
                root,
                NuScenesFixture.VERSION,
                (name, frames) -> {
                  written.add(name);
                  return name;
                },
                null);

    assertThat(written)
        .containsExactly("nuscenes-mini-scene-0061-000", "nuscenes-mini-scene-1077-000");
    assertThat(report.errors())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).endsWith(".pcd.bin").startsWith("samples/LIDAR_TOP/");
              assertThat(p.message()).contains("not a whole number of 20-byte points");
            });
    assertThat(report.frames()).isEqualTo(4);
    assertThat(report.count(ObjectClass.CAR)).as("the car of the first sample only").isEqualTo(1);
  }

  @Test
  void aTableRowWithoutAFieldTheSchemaNamesStopsTheImportSayingWhere(@TempDir Path root)
      throws Exception {
    NuScenesFixture fixture = NuScenesFixture.write(root, release());
    Path annotations = fixture.versionDir().resolve("sample_annotation.json");
    Files.writeString(
        annotations, Files.readString(annotations).replaceFirst("\"size\"", "\"sise\""));

    assertThatThrownBy(
            () ->
                NuScenesImporter.create("mini", 64)
                    .importAll(root, NuScenesFixture.VERSION, (name, frames) -> name, null))
        .isInstanceOf(NuScenesFormatException.class)
        .hasMessage("v1.0-mini/sample_annotation.json:1: 'size' is missing");
    Files.delete(fixture.versionDir().resolve("ego_pose.json"));
    assertThatThrownBy(
            () ->
                NuScenesImporter.create("mini", 64)
                    .importAll(root, NuScenesFixture.VERSION, (name, frames) -> name, null))
        .hasMessage("v1.0-mini/ego_pose.json:0: table is missing");
  }

  @Test
  void categoriesMapToClassesAndABicycleIsACyclistOnlyWithARider() {
    assertThat(NuScenesCategories.map("vehicle.emergency.police", List.of()))
        .contains(ObjectClass.CAR);
    assertThat(NuScenesCategories.map("vehicle.trailer", List.of())).contains(ObjectClass.TRUCK);
    assertThat(NuScenesCategories.map("human.pedestrian.child", List.of()))
        .contains(ObjectClass.PEDESTRIAN);
    assertThat(NuScenesCategories.map("vehicle.motorcycle", List.of(NuScenesCategories.WITH_RIDER)))
        .contains(ObjectClass.CYCLIST);
    assertThat(NuScenesCategories.map("vehicle.motorcycle", List.of("cycle.without_rider")))
        .contains(ObjectClass.OTHER);
    assertThat(NuScenesCategories.map("movable_object.trafficcone", List.of()))
        .contains(ObjectClass.OTHER);
    assertThat(NuScenesCategories.map("vehicle.spaceship", List.of())).isEmpty();
  }

  private static void assertClose(int[] rgb, Color want, int tolerance) {
    assertThat(rgb[0]).isCloseTo(want.getRed(), within(tolerance));
    assertThat(rgb[1]).isCloseTo(want.getGreen(), within(tolerance));
    assertThat(rgb[2]).isCloseTo(want.getBlue(), within(tolerance));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
