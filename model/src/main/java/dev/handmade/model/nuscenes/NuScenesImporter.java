package dev.handmade.model.nuscenes;

import dev.handmade.model.kitti.CameraCrops;
import dev.handmade.model.kitti.FrameSink;
import dev.handmade.model.kitti.ImportArguments;
import dev.handmade.model.kitti.ImportReport.Problem;
import dev.handmade.model.nuscenes.NuScenesImportReport.Skip;
import dev.handmade.model.nuscenes.NuScenesTables.Annotation;
import dev.handmade.model.nuscenes.NuScenesTables.CalibratedSensor;
import dev.handmade.model.nuscenes.NuScenesTables.EgoPose;
import dev.handmade.model.nuscenes.NuScenesTables.Sample;
import dev.handmade.model.nuscenes.NuScenesTables.SampleData;
import dev.handmade.model.nuscenes.NuScenesTables.Scene;
import dev.handmade.model.nuscenes.NuScenesTables.Sensor;
import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectBox;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Weather;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes frames out of a nuScenes release: one per annotated object of each keyframe (sample),
 * written as one drive log per sample, in the format the KITTI importer writes.
 *
 * <p>An annotation is a box in the global frame. It is carried into the LIDAR_TOP sensor's frame
 * through the sweep's ego pose (global from ego) and calibrated sensor (ego from sensor), and the
 * sweep's returns inside it become the frame's points, in the object's frame: x along its length,
 * y to its left, z up, origin on the ground under its centre (nuScenes boxes are centred, so z is
 * lifted by half the height), intensity scaled from 0..255 to 0..1. Of the six cameras, the one
 * that sees the whole box in front of it largest gives the crop (the box's eight corners projected
 * with its intrinsics, through its own ego pose) and the whole image.
 *
 * <p>Bad input never stops an import once the tables are read: a sample whose sweep or image
 * cannot be read, or whose rows point at rows that do not exist, is reported and skipped.
 */
public final class NuScenesImporter {

  public static final String LIDAR = "LIDAR_TOP";
  private static final int FLOATS_PER_POINT = 5;

  /** A corner closer to a camera's plane than this (or behind it) does not project usefully. */
  private static final double MIN_DEPTH = 0.1;

  /** What one sample gave. */
  public record SampleResult(
      String scene,
      int index,
      String sampleToken,
      List<Frame> frames,
      Map<Skip, Integer> skipped,
      List<Problem> problems) {}

  /** Hears about each sample as it is done. */
  @FunctionalInterface
  public interface Listener {
    /** @param writtenTo where its frames went, null when it made none */
    void sampleDone(int index, int total, SampleResult result, String writtenTo);
  }

  private final String drive;
  private final int cropSize;

  private NuScenesImporter(String drive, int cropSize) {
    this.drive = drive;
    this.cropSize = cropSize;
  }

  /**
   * @param drive names the import in frame ids ({@code nuscenes-<drive>-<annotation token>}), the
   *     source ({@code nuscenes:<drive>}) and drive-log names: letters, digits, '_', '.', single '-'
   * @param cropSize side of the square camera crops, pixels (KITTI's default is 64)
   */
  public static NuScenesImporter create(String drive, int cropSize) {
    ImportArguments.check(drive, cropSize);
    return new NuScenesImporter(drive, cropSize);
  }

  /**
   * Imports every sample of every scene, writing each sample's frames as one drive-log file
   * ({@code nuscenes-<drive>-<scene>-<NNN>}, NNN the sample's place in its scene).
   *
   * @param dataroot the folder holding {@code samples/} and the version folder
   * @param version the version folder of the tables, e.g. {@code v1.0-mini}
   * @throws NuScenesFormatException when a table is missing or not as the schema says
   */
  public NuScenesImportReport importAll(
      Path dataroot, String version, FrameSink sink, Listener listener)
      throws NuScenesFormatException {
    Objects.requireNonNull(sink, "sink");
    NuScenesTables tables = NuScenesTables.read(dataroot.resolve(version));
    Map<Scene, List<Sample>> scenes = new LinkedHashMap<>();
    tables.scenes.forEach(scene -> scenes.put(scene, tables.samplesOf(scene)));
    int total = scenes.values().stream().mapToInt(List::size).sum();
    Map<ObjectClass, Integer> perClass = new EnumMap<>(ObjectClass.class);
    Map<Skip, Integer> skipped = new EnumMap<>(Skip.class);
    List<Problem> problems = new ArrayList<>();
    int done = 0;
    int files = 0;
    for (Map.Entry<Scene, List<Sample>> scene : scenes.entrySet()) {
      List<Sample> samples = scene.getValue();
      for (int i = 0; i < samples.size(); i++) {
        SampleResult result = readSample(tables, dataroot, scene.getKey(), i, samples.get(i));
        problems.addAll(result.problems());
        result.skipped().forEach((reason, n) -> skipped.merge(reason, n, Integer::sum));
        result.frames().forEach(f -> perClass.merge(f.getGroundTruth(), 1, Integer::sum));
        String writtenTo = null;
        if (!result.frames().isEmpty()) {
          writtenTo =
              sink.write(
                  String.format(
                      Locale.ROOT,
                      "nuscenes-%s-%s-%03d",
                      drive,
                      safeName(scene.getKey().name()),
                      i),
                  result.frames());
          files++;
        }
        if (listener != null) {
          listener.sampleDone(done, total, result, writtenTo);
        }
        done++;
      }
    }
    if (total == 0) {
      problems.add(new Problem(version + "/scene.json", 0, "no scene with samples"));
    }
    return new NuScenesImportReport(total, perClass, skipped, files, problems);
  }

  /** One camera of a sample, as its box projections need it. */
  private record Camera(
      String channel, SampleData data, RigidTransform globalToCamera, double[] k) {}

  /** The frames of one sample, and its problems; reads, writes nothing. */
  SampleResult readSample(
      NuScenesTables tables, Path dataroot, Scene scene, int index, Sample sample) {
    List<Problem> problems = new ArrayList<>();
    Map<Skip, Integer> skipped = new EnumMap<>(Skip.class);
    String at = "sample " + sample.token();
    SampleData lidar = null;
    RigidTransform lidarToGlobal = null;
    RigidTransform egoToGlobal = null;
    List<Camera> cameras = new ArrayList<>();
    for (SampleData d : tables.keyFramesBySample.getOrDefault(sample.token(), List.of())) {
      CalibratedSensor calibrated = tables.calibratedSensors.get(d.calibratedSensorToken());
      Sensor sensor = calibrated == null ? null : tables.sensors.get(calibrated.sensorToken());
      EgoPose ego = tables.egoPoses.get(d.egoPoseToken());
      if (sensor == null || ego == null) {
        problems.add(
            new Problem(
                "sample_data " + d.token(),
                0,
                (ego == null
                        ? "ego_pose " + d.egoPoseToken()
                        : "calibrated_sensor " + d.calibratedSensorToken() + " or its sensor")
                    + " not found"));
        continue;
      }
      RigidTransform sensorToGlobal = calibrated.sensorToEgo().then(ego.egoToGlobal());
      if (sensor.channel().equals(LIDAR)) {
        lidar = d;
        lidarToGlobal = sensorToGlobal;
        egoToGlobal = ego.egoToGlobal();
      } else if (sensor.modality().equals("camera") && calibrated.intrinsic() != null) {
        cameras.add(
            new Camera(sensor.channel(), d, sensorToGlobal.inverse(), calibrated.intrinsic()));
      }
    }
    List<Frame> frames = new ArrayList<>();
    if (lidar == null) {
      problems.add(new Problem(at, 0, "has no " + LIDAR + " key frame"));
      return new SampleResult(scene.name(), index, sample.token(), frames, skipped, problems);
    }
    float[] sweep;
    try {
      sweep = readSweep(dataroot.resolve(lidar.filename()), lidar.filename());
    } catch (NuScenesFormatException e) {
      problems.add(e.problem());
      return new SampleResult(scene.name(), index, sample.token(), frames, skipped, problems);
    }
    RigidTransform globalToLidar = lidarToGlobal.inverse();
    RigidTransform globalToEgo = egoToGlobal.inverse();
    Map<String, CameraCrops.Overview> overviews = new HashMap<>();
    Map<String, BufferedImage> images = new HashMap<>();
    for (Annotation a : tables.annotationsBySample.getOrDefault(sample.token(), List.of())) {
      String where = "sample_annotation " + a.token();
      Optional<ObjectClass> objectClass = objectClass(tables, a, where, problems);
      if (objectClass.isEmpty()) {
        continue;
      }
      RigidTransform lidarToBox = a.boxToGlobal().then(globalToLidar).inverse();
      List<LidarPoint> points = new ArrayList<>();
      for (int i = 0; i < sweep.length / FLOATS_PER_POINT; i++) {
        int o = FLOATS_PER_POINT * i;
        double[] q = lidarToBox.apply(sweep[o], sweep[o + 1], sweep[o + 2]);
        if (Math.abs(q[0]) <= a.length() / 2
            && Math.abs(q[1]) <= a.width() / 2
            && Math.abs(q[2]) <= a.height() / 2) {
          float intensity = Math.max(0f, Math.min(1f, sweep[o + 3] / 255f));
          points.add(
              new LidarPoint(
                  (float) q[0], (float) q[1], (float) (q[2] + a.height() / 2), intensity));
        }
      }
      if (points.isEmpty()) {
        skipped.merge(Skip.NO_LIDAR_POINTS, 1, Integer::sum);
        continue;
      }
      Camera best = null;
      int[] region = null;
      for (Camera camera : cameras) {
        int[] r = imageRegion(a, a.boxToGlobal().then(camera.globalToCamera()), camera);
        if (r != null && (region == null || area(r) > area(region))) {
          best = camera;
          region = r;
        }
      }
      if (best == null) {
        skipped.merge(Skip.IN_NO_CAMERA, 1, Integer::sum);
        continue;
      }
      BufferedImage image = images.get(best.channel());
      if (image == null) {
        try {
          image = readImage(dataroot.resolve(best.data().filename()), best.data().filename());
        } catch (NuScenesFormatException e) {
          problems.add(e.problem());
          continue;
        }
        images.put(best.channel(), image);
        overviews.put(best.channel(), CameraCrops.overview(image));
      }
      // the table's size and the file's should agree; the file decides what can be cut
      region =
          CameraCrops.clip(
              region[0], region[1], region[2], region[3], image.getWidth(), image.getHeight());
      if (region == null) {
        problems.add(
            new Problem(
                best.data().filename(),
                0,
                String.format(
                    Locale.ROOT,
                    "is %dx%d, not %dx%d as sample_data says",
                    image.getWidth(),
                    image.getHeight(),
                    best.data().width(),
                    best.data().height())));
        continue;
      }
      double yaw = a.boxToGlobal().then(globalToEgo).yaw();
      frames.add(
          Frame.newBuilder()
              .setFrameId("nuscenes-" + drive + "-" + a.token())
              .setSource("nuscenes:" + drive)
              .setVehicleId(vehicle(tables, scene))
              .setCapturedAt(Instant.EPOCH.plus(sample.timestamp(), ChronoUnit.MICROS))
              .setCamera(
                  new CameraCrop(
                      cropSize,
                      cropSize,
                      ByteBuffer.wrap(CameraCrops.crop(image, region, cropSize))))
              .setLidar(points)
              .setConditions(
                  conditions(
                      tables, scene, a, a.boxToGlobal().then(globalToLidar).distanceFromOrigin()))
              .setBox(
                  new ObjectBox(
                      (float) a.length(), (float) a.width(), (float) a.height(), (float) yaw))
              .setGroundTruth(objectClass.get())
              .setCameraImage(overviews.get(best.channel()).withCrop(region))
              .build());
    }
    return new SampleResult(scene.name(), index, sample.token(), frames, skipped, problems);
  }

  private static Optional<ObjectClass> objectClass(
      NuScenesTables tables, Annotation a, String where, List<Problem> problems) {
    NuScenesTables.Instance instance = tables.instances.get(a.instanceToken());
    NuScenesTables.Category category =
        instance == null ? null : tables.categories.get(instance.categoryToken());
    if (category == null) {
      problems.add(
          new Problem(where, 0, "instance " + a.instanceToken() + " or its category not found"));
      return Optional.empty();
    }
    List<String> attributes = new ArrayList<>();
    for (String token : a.attributeTokens()) {
      NuScenesTables.Attribute attribute = tables.attributes.get(token);
      if (attribute == null) {
        problems.add(new Problem(where, 0, "attribute " + token + " not found"));
        return Optional.empty();
      }
      attributes.add(attribute.name());
    }
    Optional<ObjectClass> c = NuScenesCategories.map(category.name(), attributes);
    if (c.isEmpty()) {
      problems.add(
          new Problem(where, 0, "category '" + category.name() + "' is not one of nuScenes' 23"));
    }
    return c;
  }

  /** The box's eight corners projected into the camera, clipped to its image; null unless all are in front. */
  private static int[] imageRegion(Annotation a, RigidTransform boxToCamera, Camera camera) {
    double[] k = camera.k();
    double left = Double.POSITIVE_INFINITY;
    double top = Double.POSITIVE_INFINITY;
    double right = Double.NEGATIVE_INFINITY;
    double bottom = Double.NEGATIVE_INFINITY;
    for (int corner = 0; corner < 8; corner++) {
      double[] p =
          boxToCamera.apply(
              (corner & 1) == 0 ? a.length() / 2 : -a.length() / 2,
              (corner & 2) == 0 ? a.width() / 2 : -a.width() / 2,
              (corner & 4) == 0 ? a.height() / 2 : -a.height() / 2);
      if (p[2] < MIN_DEPTH) {
        return null;
      }
      double u = (k[0] * p[0] + k[1] * p[1] + k[2] * p[2]) / p[2];
      double v = (k[3] * p[0] + k[4] * p[1] + k[5] * p[2]) / p[2];
      left = Math.min(left, u);
      right = Math.max(right, u);
      top = Math.min(top, v);
      bottom = Math.max(bottom, v);
    }
    return CameraCrops.clip(
        left, top, right, bottom, camera.data().width(), camera.data().height());
  }

  private static long area(int[] region) {
    return (long) (region[2] - region[0]) * (region[3] - region[1]);
  }

  private static String vehicle(NuScenesTables tables, Scene scene) {
    NuScenesTables.Log log = tables.logs.get(scene.logToken());
    return log == null || log.vehicle().isBlank() ? "nuscenes" : log.vehicle();
  }

  /**
   * Range from the lidar to the box's centre; occlusion from nuScenes' visibility bins (the share
   * of the box visible in the six images: 0-40%, 40-60%, 60-80%, 80-100%), as the middle of the
   * hidden share; night and rain as the scene's description says them, as nuScenes' own
   * splits by condition read it.
   */
  private static CaptureConditions conditions(
      NuScenesTables tables, Scene scene, Annotation a, double range) {
    NuScenesTables.Visibility visibility = tables.visibilities.get(a.visibilityToken());
    float occlusion =
        switch (visibility == null ? "" : visibility.level()) {
          case "v0-40" -> 0.8f;
          case "v40-60" -> 0.5f;
          case "v60-80" -> 0.3f;
          case "v80-100" -> 0.1f;
          default -> 0f;
        };
    String description = scene.description().toLowerCase(Locale.ROOT);
    return CaptureConditions.newBuilder()
        .setRangeMeters((float) range)
        .setOcclusion(occlusion)
        .setLighting(description.contains("night") ? Lighting.NIGHT : Lighting.DAY)
        .setWeather(description.contains("rain") ? Weather.RAIN : Weather.CLEAR)
        .build();
  }

  /** A LIDAR_TOP {@code .pcd.bin}: little-endian float32 x, y, z, intensity, ring index per point. */
  static float[] readSweep(Path file, String name) throws NuScenesFormatException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NuScenesFormatException(name, 0, "lidar sweep is missing");
    } catch (IOException e) {
      throw new NuScenesFormatException(
          name, 0, "cannot read the lidar sweep: " + e.getMessage(), e);
    }
    if (bytes.length % (4 * FLOATS_PER_POINT) != 0) {
      throw new NuScenesFormatException(
          name,
          0,
          "truncated: "
              + bytes.length
              + " bytes is not a whole number of 20-byte points (x, y, z, intensity, ring)");
    }
    float[] values = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  private static BufferedImage readImage(Path file, String name) throws NuScenesFormatException {
    try {
      return CameraCrops.read(file);
    } catch (CameraCrops.UnreadableImage e) {
      throw new NuScenesFormatException(name, 0, e.getMessage(), e.getCause());
    }
  }

  private static String safeName(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
