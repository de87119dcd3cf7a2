package dev.handmade.model.nuscenes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The nuScenes tables an import needs, read from {@code <dataroot>/<version>/<table>.json} (each a
 * JSON list of rows keyed by {@code token}), with the fields the schema names. Only what the
 * importer reads is kept: no maps, radar or lidarseg.
 */
public final class NuScenesTables {

  static final List<String> TABLES =
      List.of(
          "scene",
          "sample",
          "sample_data",
          "ego_pose",
          "calibrated_sensor",
          "sensor",
          "sample_annotation",
          "category",
          "instance",
          "attribute",
          "visibility",
          "log");

  record Scene(
      String token, String name, String description, String logToken, String firstSampleToken) {}

  /** @param timestamp microseconds since 1970 */
  record Sample(String token, long timestamp, String sceneToken, String next) {}

  /** @param filename relative to the dataroot; width and height are 0 for sweeps */
  record SampleData(
      String token,
      String sampleToken,
      String egoPoseToken,
      String calibratedSensorToken,
      String filename,
      int width,
      int height,
      long timestamp,
      boolean isKeyFrame) {}

  /** @param egoToGlobal where the car was: global from ego */
  record EgoPose(String token, RigidTransform egoToGlobal) {}

  /** @param sensorToEgo ego from sensor; @param intrinsic row-major 3x3, null for sensors that are not cameras */
  record CalibratedSensor(
      String token, String sensorToken, RigidTransform sensorToEgo, double[] intrinsic) {}

  record Sensor(String token, String channel, String modality) {}

  /**
   * A box in the global frame.
   *
   * @param size width, length, height in metres, as nuScenes orders them
   * @param boxToGlobal global from the box's frame (x along its length, y its width, z up, origin its centre)
   */
  record Annotation(
      String token,
      String sampleToken,
      String instanceToken,
      List<String> attributeTokens,
      String visibilityToken,
      double[] size,
      RigidTransform boxToGlobal,
      int numLidarPts) {

    double width() {
      return size[0];
    }

    double length() {
      return size[1];
    }

    double height() {
      return size[2];
    }
  }

  record Category(String token, String name) {}

  record Instance(String token, String categoryToken) {}

  record Attribute(String token, String name) {}

  record Visibility(String token, String level) {}

  record Log(String token, String vehicle) {}

  final List<Scene> scenes;
  final Map<String, Sample> samples;
  final Map<String, SampleData> sampleData;
  final Map<String, EgoPose> egoPoses;
  final Map<String, CalibratedSensor> calibratedSensors;
  final Map<String, Sensor> sensors;
  final Map<String, Category> categories;
  final Map<String, Instance> instances;
  final Map<String, Attribute> attributes;
  final Map<String, Visibility> visibilities;
  final Map<String, Log> logs;

  /** Key-frame sample_data of each sample, in table order. */
  final Map<String, List<SampleData>> keyFramesBySample = new HashMap<>();

  final Map<String, List<Annotation>> annotationsBySample = new HashMap<>();

  private NuScenesTables(Path dir) throws NuScenesFormatException {
    scenes =
        List.copyOf(
            read(
                    dir,
                    "scene",
                    row ->
                        new Scene(
                            text(row, "token"),
                            text(row, "name"),
                            text(row, "description"),
                            text(row, "log_token"),
                            text(row, "first_sample_token")))
                .values());
    samples =
        read(
            dir,
            "sample",
            row ->
                new Sample(
                    text(row, "token"),
                    integer(row, "timestamp"),
                    text(row, "scene_token"),
                    text(row, "next")));
    sampleData =
        read(
            dir,
            "sample_data",
            row ->
                new SampleData(
                    text(row, "token"),
                    text(row, "sample_token"),
                    text(row, "ego_pose_token"),
                    text(row, "calibrated_sensor_token"),
                    text(row, "filename"),
                    (int) integer(row, "width"),
                    (int) integer(row, "height"),
                    integer(row, "timestamp"),
                    bool(row, "is_key_frame")));
    egoPoses = read(dir, "ego_pose", row -> new EgoPose(text(row, "token"), transform(row)));
    calibratedSensors =
        read(
            dir,
            "calibrated_sensor",
            row ->
                new CalibratedSensor(
                    text(row, "token"), text(row, "sensor_token"), transform(row), intrinsic(row)));
    sensors =
        read(
            dir,
            "sensor",
            row -> new Sensor(text(row, "token"), text(row, "channel"), text(row, "modality")));
    Map<String, Annotation> annotations =
        read(
            dir,
            "sample_annotation",
            row ->
                new Annotation(
                    text(row, "token"),
                    text(row, "sample_token"),
                    text(row, "instance_token"),
                    texts(row, "attribute_tokens"),
                    text(row, "visibility_token"),
                    numbers(row, "size", 3),
                    transform(row),
                    (int) integer(row, "num_lidar_pts")));
    categories = read(dir, "category", row -> new Category(text(row, "token"), text(row, "name")));
    instances =
        read(dir, "instance", row -> new Instance(text(row, "token"), text(row, "category_token")));
    attributes =
        read(dir, "attribute", row -> new Attribute(text(row, "token"), text(row, "name")));
    visibilities =
        read(dir, "visibility", row -> new Visibility(text(row, "token"), text(row, "level")));
    logs = read(dir, "log", row -> new Log(text(row, "token"), text(row, "vehicle")));
    for (SampleData d : sampleData.values()) {
      if (d.isKeyFrame()) {
        keyFramesBySample.computeIfAbsent(d.sampleToken(), k -> new ArrayList<>()).add(d);
      }
    }
    for (Annotation a : annotations.values()) {
      annotationsBySample.computeIfAbsent(a.sampleToken(), k -> new ArrayList<>()).add(a);
    }
  }

  /**
   * Reads every table the import needs.
   *
   * @param dir the version folder, e.g. {@code <dataroot>/v1.0-mini}
   * @throws NuScenesFormatException naming the table and row when one is missing or not as the schema says
   */
  public static NuScenesTables read(Path dir) throws NuScenesFormatException {
    return new NuScenesTables(dir);
  }

  /** A scene's samples in time order, following {@code next} from its first (never past the table's size). */
  List<Sample> samplesOf(Scene scene) {
    List<Sample> out = new ArrayList<>();
    String token = scene.firstSampleToken();
    while (token != null && !token.isEmpty() && out.size() < samples.size()) {
      Sample s = samples.get(token);
      if (s == null) {
        break;
      }
      out.add(s);
      token = s.next();
    }
    return out;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Thrown by the row readers; carries the field that was wrong. */
  private static final class BadField extends RuntimeException {
    BadField(String message) {
      super(message, null, false, false);
    }
  }

  private static <T> Map<String, T> read(Path dir, String table, Function<JsonNode, T> row)
      throws NuScenesFormatException {
    Path file = dir.resolve(table + ".json");
    String name = dir.getFileName() + "/" + table + ".json";
    if (!Files.isRegularFile(file)) {
      throw new NuScenesFormatException(name, 0, "table is missing");
    }
    JsonNode rows;
    try {
      rows = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new NuScenesFormatException(name, 0, "not JSON: " + e.getMessage(), e);
    }
    if (rows == null || !rows.isArray()) {
      throw new NuScenesFormatException(name, 0, "is not a list of rows");
    }
    Map<String, T> out = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      try {
        String token = text(rows.get(i), "token");
        if (out.put(token, row.apply(rows.get(i))) != null) {
          throw new BadField("token " + token + " is used by an earlier row too");
        }
      } catch (BadField e) {
        throw new NuScenesFormatException(name, i + 1, e.getMessage());
      }
    }
    return out;
  }

  private static JsonNode field(JsonNode row, String field) {
    JsonNode value = row == null ? null : row.get(field);
    if (value == null || value.isNull()) {
      throw new BadField("'" + field + "' is missing");
    }
    return value;
  }

  private static String text(JsonNode row, String field) {
    JsonNode value = field(row, field);
    if (!value.isTextual()) {
      throw new BadField("'" + field + "' is not a string");
    }
    return value.asText();
  }

  private static long integer(JsonNode row, String field) {
    JsonNode value = field(row, field);
    if (!value.isIntegralNumber()) {
      throw new BadField("'" + field + "' is not a whole number");
    }
    return value.asLong();
  }

  private static boolean bool(JsonNode row, String field) {
    JsonNode value = field(row, field);
    if (!value.isBoolean()) {
      throw new BadField("'" + field + "' is not true or false");
    }
    return value.asBoolean();
  }

  private static List<String> texts(JsonNode row, String field) {
    JsonNode value = field(row, field);
    if (!value.isArray()) {
      throw new BadField("'" + field + "' is not a list");
    }
    List<String> out = new ArrayList<>();
    value.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static double[] numbers(JsonNode row, String field, int count) {
    JsonNode value = field(row, field);
    if (!value.isArray() || value.size() != count) {
      throw new BadField("'" + field + "' is not a list of " + count + " numbers");
    }
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      if (!value.get(i).isNumber() || !Double.isFinite(value.get(i).asDouble())) {
        throw new BadField("'" + field + "' is not a list of " + count + " numbers");
      }
      out[i] = value.get(i).asDouble();
    }
    return out;
  }

  private static RigidTransform transform(JsonNode row) {
    double[] rotation = numbers(row, "rotation", 4);
    if (rotation[0] == 0 && rotation[1] == 0 && rotation[2] == 0 && rotation[3] == 0) {
      throw new BadField("'rotation' is the zero quaternion");
    }
    return RigidTransform.of(rotation, numbers(row, "translation", 3));
  }

  /** camera_intrinsic: 3x3 for cameras, an empty list for other sensors. */
  private static double[] intrinsic(JsonNode row) {
    JsonNode value = field(row, "camera_intrinsic");
    if (!value.isArray()) {
      throw new BadField("'camera_intrinsic' is not a list");
    }
    if (value.isEmpty()) {
      return null;
    }
    double[] k = new double[9];
    if (value.size() != 3) {
      throw new BadField("'camera_intrinsic' is not 3x3");
    }
    for (int i = 0; i < 3; i++) {
      JsonNode line = value.get(i);
      if (!line.isArray() || line.size() != 3) {
        throw new BadField("'camera_intrinsic' is not 3x3");
      }
      for (int j = 0; j < 3; j++) {
        k[3 * i + j] = line.get(j).asDouble();
      }
    }
    if (!(k[0] > 0 && k[4] > 0)) {
      throw new BadField("'camera_intrinsic' has no positive focal lengths");
    }
    return k;
  }
}
