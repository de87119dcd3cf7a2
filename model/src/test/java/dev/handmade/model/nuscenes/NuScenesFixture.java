package dev.handmade.model.nuscenes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * A small nuScenes release written as the published schema describes it
 * (nuscenes-devkit, docs/schema_nuscenes.md): the JSON tables under {@code v1.0-mini/}, LIDAR_TOP
 * keyframe sweeps as {@code samples/LIDAR_TOP/*.pcd.bin} (float32 x, y, z, intensity 0..255, ring),
 * one non-keyframe sweep under {@code sweeps/}, and six 1600x900 JPEG cameras per sample with
 * their nuScenes mounting (calibrated_sensor: ego from sensor, quaternion w, x, y, z; camera_intrinsic),
 * ego poses (global from ego, z always 0) and boxes in the global frame (size width, length, height).
 *
 * <p>Objects are placed in the ego frame and written through this class's own yaw-only geometry,
 * so the importer's general quaternion code is checked against it, not against itself. Each
 * object is painted in its colour on the camera that should be chosen for it.
 */
final class NuScenesFixture {

  static final String VERSION = "v1.0-mini";
  static final String VEHICLE = "n015";
  static final double[] LIDAR_AT = {0.943713, 0.0, 1.84023};

  /** LIDAR_TOP is mounted turned -90 degrees: its x points to the car's right, its y forward. */
  static final double LIDAR_YAW = -Math.PI / 2;

  static final double FOCAL = 1266.417;
  static final double CX = 816.267;
  static final double CY = 491.507;
  static final int WIDTH = 1600;
  static final int HEIGHT = 900;

  /** A camera: where it sits on the car and where it looks (yaw of its optical axis). */
  record Camera(String channel, double[] at, double yawDegrees) {}

  static final List<Camera> CAMERAS =
      List.of(
          new Camera("CAM_FRONT", new double[] {1.70, 0.016, 1.51}, 0),
          new Camera("CAM_FRONT_RIGHT", new double[] {1.55, -0.49, 1.50}, -55),
          new Camera("CAM_BACK_RIGHT", new double[] {1.03, -0.48, 1.56}, -110),
          new Camera("CAM_BACK", new double[] {0.03, 0.0, 1.57}, 180),
          new Camera("CAM_BACK_LEFT", new double[] {1.04, 0.48, 1.56}, 110),
          new Camera("CAM_FRONT_LEFT", new double[] {1.52, 0.49, 1.51}, 55));

  /**
   * One annotated object, in the ego frame at the sample's time.
   *
   * @param centre box centre (x forward, y left, z up)
   * @param size width, length, height
   * @param points how many returns to put inside it
   * @param camera the channel that should be chosen, painted in {@code colour}; null when none sees it
   */
  record Placed(
      String name,
      String category,
      List<String> attributes,
      String visibility,
      double[] centre,
      double yaw,
      double[] size,
      int points,
      String camera,
      Color colour) {

    /** A point of the box's own frame (x along its length, y its width, z up from its centre) in the ego frame. */
    double[] toEgo(double x, double y, double z) {
      return new double[] {
        centre[0] + Math.cos(yaw) * x - Math.sin(yaw) * y,
        centre[1] + Math.sin(yaw) * x + Math.cos(yaw) * y,
        centre[2] + z
      };
    }
  }

  /** The returns put inside an object, in its own frame, as the importer should give them back. */
  record Expected(Placed object, String annotationToken, List<float[]> pointsInBox, double range) {}

  /** A sample: the car's pose in the world and what it sees. */
  record SampleSpec(double[] egoAt, double egoYaw, long timestamp, List<Placed> objects) {}

  record SceneSpec(String name, String description, List<SampleSpec> samples) {}

  private final Path root;
  private final Map<String, ArrayNode> tables = new LinkedHashMap<>();
  private final Map<String, String> categoryTokens = new LinkedHashMap<>();
  private final Map<String, String> attributeTokens = new LinkedHashMap<>();
  private final Map<String, String> instanceTokens = new LinkedHashMap<>();
  private final Map<String, ObjectNode> lastAnnotation = new LinkedHashMap<>();
  private final List<Expected> expected = new ArrayList<>();
  private final Map<String, String> sweepFiles = new LinkedHashMap<>();
  private final Random random = new Random(42);

  private NuScenesFixture(Path root) {
    this.root = root;
    for (String table : NuScenesTables.TABLES) {
      tables.put(table, JsonNodeFactory.instance.arrayNode());
    }
  }

  /** Writes the release under {@code root} and returns what the importer should find in it. */
  static NuScenesFixture write(Path root, List<SceneSpec> scenes) throws IOException {
    NuScenesFixture f = new NuScenesFixture(root);
    f.writeAll(scenes);
    return f;
  }

  List<Expected> expected() {
    return expected;
  }

  /** The keyframe sweep file of each sample, in order. */
  List<Path> sweeps() {
    return sweepFiles.values().stream().map(root::resolve).toList();
  }

  Path versionDir() {
    return root.resolve(VERSION);
  }

  static String token(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }

  /** nuScenes' quaternion (w, x, y, z) of a turn about z. */
  static double[] yawQuaternion(double yaw) {
    return new double[] {Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)};
  }

  private void writeAll(List<SceneSpec> scenes) throws IOException {
    String logToken = token("log");
    row("log", logToken)
        .put("logfile", VEHICLE + "-2018-07-18-11-07-57+0800")
        .put("vehicle", VEHICLE)
        .put("date_captured", "2018-07-18")
        .put("location", "singapore-onenorth");
    String lidarSensor = token("sensor-LIDAR_TOP");
    row("sensor", lidarSensor).put("channel", "LIDAR_TOP").put("modality", "lidar");
    String lidarCalibration = token("calibrated-LIDAR_TOP");
    ObjectNode lidarCal =
        row("calibrated_sensor", lidarCalibration).put("sensor_token", lidarSensor);
    numbers(lidarCal, "translation", LIDAR_AT);
    numbers(lidarCal, "rotation", yawQuaternion(LIDAR_YAW));
    lidarCal.putArray("camera_intrinsic");
    for (Camera c : CAMERAS) {
      String sensor = token("sensor-" + c.channel());
      row("sensor", sensor).put("channel", c.channel()).put("modality", "camera");
      ObjectNode cal =
          row("calibrated_sensor", token("calibrated-" + c.channel())).put("sensor_token", sensor);
      numbers(cal, "translation", c.at());
      // camera axes (x right, y down, z forward): the front camera's turn, then the camera's yaw
      numbers(
          cal,
          "rotation",
          multiply(
              yawQuaternion(Math.toRadians(c.yawDegrees())), new double[] {0.5, -0.5, 0.5, -0.5}));
      ArrayNode k = cal.putArray("camera_intrinsic");
      k.addArray().add(FOCAL).add(0.0).add(CX);
      k.addArray().add(0.0).add(FOCAL).add(CY);
      k.addArray().add(0.0).add(0.0).add(1.0);
    }
    String[][] visibilities = {{"1", "v0-40"}, {"2", "v40-60"}, {"3", "v60-80"}, {"4", "v80-100"}};
    for (String[] v : visibilities) {
      row("visibility", v[0])
          .put("level", v[1])
          .put("description", "visibility of whole object is " + v[1]);
    }
    for (String attribute :
        List.of(
            "cycle.with_rider",
            "cycle.without_rider",
            "vehicle.moving",
            "vehicle.parked",
            "pedestrian.moving")) {
      attributeTokens.put(attribute, token("attribute-" + attribute));
      row("attribute", attributeTokens.get(attribute))
          .put("name", attribute)
          .put("description", attribute);
    }
    for (SceneSpec scene : scenes) {
      writeScene(scene, logToken);
    }
    Files.createDirectories(versionDir());
    ObjectMapper json = new ObjectMapper();
    for (Map.Entry<String, ArrayNode> table : tables.entrySet()) {
      json.writerWithDefaultPrettyPrinter()
          .writeValue(versionDir().resolve(table.getKey() + ".json").toFile(), table.getValue());
    }
  }

  private void writeScene(SceneSpec scene, String logToken) throws IOException {
    List<String> sampleTokens = new ArrayList<>();
    for (int i = 0; i < scene.samples().size(); i++) {
      sampleTokens.add(token(scene.name() + "-sample-" + i));
    }
    row("scene", token(scene.name()))
        .put("name", scene.name())
        .put("description", scene.description())
        .put("log_token", logToken)
        .put("nbr_samples", sampleTokens.size())
        .put("first_sample_token", sampleTokens.get(0))
        .put("last_sample_token", sampleTokens.get(sampleTokens.size() - 1));
    for (int i = 0; i < scene.samples().size(); i++) {
      SampleSpec spec = scene.samples().get(i);
      String sample = sampleTokens.get(i);
      row("sample", sample)
          .put("timestamp", spec.timestamp())
          .put("scene_token", token(scene.name()))
          .put("next", i + 1 < sampleTokens.size() ? sampleTokens.get(i + 1) : "")
          .put("prev", i > 0 ? sampleTokens.get(i - 1) : "");
      writeSample(scene.name() + "-" + i, sample, spec);
    }
  }

  private void writeSample(String name, String sample, SampleSpec spec) throws IOException {
    // the keyframe sweep
    String lidarFile =
        "samples/LIDAR_TOP/"
            + VEHICLE
            + "-2018-07-18-11-07-57+0800__LIDAR_TOP__"
            + spec.timestamp()
            + ".pcd.bin";
    sampleData(
        name + "-LIDAR_TOP", sample, spec, "LIDAR_TOP", lidarFile, 0, 0, spec.timestamp(), true);
    sweepFiles.put(sample, lidarFile);
    List<float[]> sweep = new ArrayList<>();
    for (Placed o : spec.objects()) {
      String annotation = annotate(name, sample, spec, o);
      List<float[]> inBox = new ArrayList<>();
      for (int p = 0; p < o.points(); p++) {
        // inside the box with a margin, so float rounding cannot move a return out of it
        float x = (float) ((random.nextDouble() - 0.5) * (o.size()[1] - 0.1));
        float y = (float) ((random.nextDouble() - 0.5) * (o.size()[0] - 0.1));
        float z = (float) ((random.nextDouble() - 0.5) * (o.size()[2] - 0.1));
        float intensity = random.nextInt(256);
        double[] lidar = egoToLidar(o.toEgo(x, y, z));
        sweep.add(
            new float[] {(float) lidar[0], (float) lidar[1], (float) lidar[2], intensity, p % 32});
        inBox.add(new float[] {x, y, (float) (z + o.size()[2] / 2), intensity / 255f});
      }
      double[] c = o.centre();
      expected.add(
          new Expected(
              o,
              annotation,
              inBox,
              Math.sqrt(
                  Math.pow(c[0] - LIDAR_AT[0], 2)
                      + Math.pow(c[1] - LIDAR_AT[1], 2)
                      + Math.pow(c[2] - LIDAR_AT[2], 2))));
    }
    // ground returns and a far wall, in no box
    for (int p = 0; p < 300; p++) {
      double[] ground = {-40 + 80 * random.nextDouble(), -40 + 80 * random.nextDouble(), 0};
      if (spec.objects().stream().noneMatch(o -> near(o, ground))) {
        double[] lidar = egoToLidar(ground);
        sweep.add(
            new float[] {
              (float) lidar[0], (float) lidar[1], (float) lidar[2], random.nextInt(256), p % 32
            });
      }
    }
    writeSweep(lidarFile, sweep);
    // a sweep between keyframes: the importer must not read it, so it holds returns in every box
    String between =
        "sweeps/LIDAR_TOP/"
            + VEHICLE
            + "-2018-07-18-11-07-57+0800__LIDAR_TOP__"
            + (spec.timestamp() + 50_000)
            + ".pcd.bin";
    sampleData(
        name + "-LIDAR_TOP-sweep",
        sample,
        spec,
        "LIDAR_TOP",
        between,
        0,
        0,
        spec.timestamp() + 50_000,
        false);
    List<float[]> extra = new ArrayList<>();
    for (Placed o : spec.objects()) {
      double[] lidar = egoToLidar(o.toEgo(0, 0, 0));
      extra.add(new float[] {(float) lidar[0], (float) lidar[1], (float) lidar[2], 7, 0});
    }
    writeSweep(between, extra);
    for (Camera camera : CAMERAS) {
      String file =
          "samples/"
              + camera.channel()
              + "/"
              + VEHICLE
              + "-2018-07-18-11-07-57+0800__"
              + camera.channel()
              + "__"
              + (spec.timestamp() + 12_000)
              + ".jpg";
      sampleData(
          name + "-" + camera.channel(),
          sample,
          spec,
          camera.channel(),
          file,
          WIDTH,
          HEIGHT,
          spec.timestamp() + 12_000,
          true);
      BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(90, 90, 90));
      g.fillRect(0, 0, WIDTH, HEIGHT);
      for (Placed o : spec.objects()) {
        if (camera.channel().equals(o.camera())) {
          double[] box = projectedBox(o, camera);
          g.setColor(o.colour());
          g.fillRect(
              (int) Math.round(box[0]),
              (int) Math.round(box[1]),
              (int) Math.round(box[2] - box[0]),
              (int) Math.round(box[3] - box[1]));
        }
      }
      g.dispose();
      Path path = root.resolve(file);
      Files.createDirectories(path.getParent());
      ImageIO.write(image, "jpg", path.toFile());
    }
  }

  private String annotate(String name, String sample, SampleSpec spec, Placed o) {
    String instance =
        instanceTokens.computeIfAbsent(
            o.name(),
            n -> {
              String category =
                  categoryTokens.computeIfAbsent(
                      o.category(),
                      c -> {
                        String t = token("category-" + c);
                        row("category", t)
                            .put("name", c)
                            .put("description", c)
                            .put("index", categoryTokens.size());
                        return t;
                      });
              String t = token("instance-" + n);
              row("instance", t)
                  .put("category_token", category)
                  .put("nbr_annotations", 0)
                  .put("first_annotation_token", "")
                  .put("last_annotation_token", "");
              return t;
            });
    String token = token(name + "-annotation-" + o.name());
    ObjectNode a =
        row("sample_annotation", token).put("sample_token", sample).put("instance_token", instance);
    ArrayNode attributes = a.putArray("attribute_tokens");
    o.attributes().forEach(attribute -> attributes.add(attributeTokens.get(attribute)));
    a.put("visibility_token", o.visibility());
    double[] c = o.centre();
    double cos = Math.cos(spec.egoYaw());
    double sin = Math.sin(spec.egoYaw());
    numbers(
        a,
        "translation",
        new double[] {
          spec.egoAt()[0] + cos * c[0] - sin * c[1], spec.egoAt()[1] + sin * c[0] + cos * c[1], c[2]
        });
    numbers(a, "size", o.size());
    numbers(a, "rotation", yawQuaternion(spec.egoYaw() + o.yaw()));
    a.put("num_lidar_pts", o.points()).put("num_radar_pts", 0);
    ObjectNode previous = lastAnnotation.put(o.name(), a);
    a.put("prev", previous == null ? "" : previous.get("token").asText()).put("next", "");
    if (previous != null) {
      previous.put("next", token);
    }
    for (var row : tables.get("instance")) {
      if (row.get("token").asText().equals(instance)) {
        ObjectNode r = (ObjectNode) row;
        r.put("nbr_annotations", r.get("nbr_annotations").asInt() + 1);
        if (r.get("first_annotation_token").asText().isEmpty()) {
          r.put("first_annotation_token", token);
        }
        r.put("last_annotation_token", token);
      }
    }
    return token;
  }

  private void sampleData(
      String name,
      String sample,
      SampleSpec spec,
      String channel,
      String file,
      int width,
      int height,
      long timestamp,
      boolean keyFrame) {
    String egoPose = token(name + "-ego");
    ObjectNode pose = row("ego_pose", egoPose).put("timestamp", timestamp);
    numbers(pose, "translation", spec.egoAt());
    numbers(pose, "rotation", yawQuaternion(spec.egoYaw()));
    row("sample_data", token(name))
        .put("sample_token", sample)
        .put("ego_pose_token", egoPose)
        .put("calibrated_sensor_token", token("calibrated-" + channel))
        .put("filename", file)
        .put("fileformat", file.endsWith(".jpg") ? "jpg" : "pcd")
        .put("width", width)
        .put("height", height)
        .put("timestamp", timestamp)
        .put("is_key_frame", keyFrame)
        .put("next", "")
        .put("prev", "");
  }

  /** The object's eight corners in the camera's image: {left, top, right, bottom}, by this class's own pinhole. */
  static double[] projectedBox(Placed o, Camera camera) {
    double yaw = Math.toRadians(camera.yawDegrees());
    double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int corner = 0; corner < 8; corner++) {
      double[] p =
          o.toEgo(
              (corner & 1) == 0 ? o.size()[1] / 2 : -o.size()[1] / 2,
              (corner & 2) == 0 ? o.size()[0] / 2 : -o.size()[0] / 2,
              (corner & 4) == 0 ? o.size()[2] / 2 : -o.size()[2] / 2);
      double dx = p[0] - camera.at()[0];
      double dy = p[1] - camera.at()[1];
      double dz = p[2] - camera.at()[2];
      double forward = dx * Math.cos(yaw) + dy * Math.sin(yaw);
      double right = dx * Math.sin(yaw) - dy * Math.cos(yaw);
      double u = CX + FOCAL * right / forward;
      double v = CY + FOCAL * -dz / forward;
      box[0] = Math.min(box[0], u);
      box[1] = Math.min(box[1], v);
      box[2] = Math.max(box[2], u);
      box[3] = Math.max(box[3], v);
    }
    return box;
  }

  static Camera camera(String channel) {
    return CAMERAS.stream().filter(c -> c.channel().equals(channel)).findFirst().orElseThrow();
  }

  private static boolean near(Placed o, double[] p) {
    return Math.hypot(p[0] - o.centre()[0], p[1] - o.centre()[1])
        < Math.max(o.size()[0], o.size()[1]) + 1;
  }

  /** Ego to LIDAR_TOP: take off its mounting position, then turn back its -90 degrees. */
  private static double[] egoToLidar(double[] p) {
    double dx = p[0] - LIDAR_AT[0];
    double dy = p[1] - LIDAR_AT[1];
    return new double[] {
      Math.cos(-LIDAR_YAW) * dx - Math.sin(-LIDAR_YAW) * dy,
      Math.sin(-LIDAR_YAW) * dx + Math.cos(-LIDAR_YAW) * dy,
      p[2] - LIDAR_AT[2]
    };
  }

  private void writeSweep(String file, List<float[]> points) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(points.size() * 20).order(ByteOrder.LITTLE_ENDIAN);
    points.forEach(
        p -> {
          for (float v : p) {
            bytes.putFloat(v);
          }
        });
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.write(path, bytes.array());
  }

  private ObjectNode row(String table, String token) {
    return tables.get(table).addObject().put("token", token);
  }

  private static void numbers(ObjectNode row, String field, double[] values) {
    ArrayNode array = row.putArray(field);
    for (double v : values) {
      array.add(v);
    }
  }

  /** Hamilton product a * b of quaternions (w, x, y, z): b's turn first, then a's. */
  private static double[] multiply(double[] a, double[] b) {
    return new double[] {
      a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
      a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
      a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
      a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]
    };
  }
}
