package dev.handmade.pipeline.labelling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CameraImage;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.LidarPoint;
import dev.handmade.schema.ObjectBox;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.SetAsideAnswer;
import dev.handmade.schema.TaskKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The service's wire format, written out by hand rather than through its api records: the
 * pipeline must not depend on the service's jar (and its web server and database driver), only
 * on the JSON contract in its openapi.yaml. The round-trip tests hold this class to the service's
 * own records.
 *
 * <p>Enum symbols go out in lower case, the service's convention; it reads any case.
 */
final class LabellingJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private LabellingJson() {}

  /** An intake body: {@code {"tasks": [...]}}. */
  static ObjectNode intakeRequest(List<LabelTask> tasks) {
    ObjectNode body = NODES.objectNode();
    ArrayNode array = body.putArray("tasks");
    tasks.forEach(t -> array.add(task(t)));
    return body;
  }

  /**
   * One task as TaskSubmission. The frame goes inline when the task has one, else its URI: the
   * service takes exactly one of them. The gold answer goes only with gold tasks, where the
   * service requires it; on any other task it would be refused, and leaking it would steer
   * nothing but is still not ours to send.
   */
  static ObjectNode task(LabelTask t) {
    ObjectNode json = NODES.objectNode();
    json.put("taskId", t.getTaskId());
    json.put("frameId", t.getFrameId());
    json.put("kind", name(t.getKind()));
    json.put("priority", t.getPriority());
    json.put("requiredLabels", t.getRequiredLabels());
    if (t.getKind() == TaskKind.GOLD && t.getGoldAnswer() != null) {
      json.put("goldAnswer", name(t.getGoldAnswer()));
    }
    if (t.getMachineOpinion() != null) {
      json.set("machineOpinion", prediction(t.getMachineOpinion()));
    }
    if (t.getFrame() != null) {
      json.set("frame", frame(t.getFrame()));
    } else if (t.getFrameUri() != null) {
      json.put("frameUri", t.getFrameUri());
    }
    return json;
  }

  /** FrameData. The ground truth is never written: it must not reach people. */
  static ObjectNode frame(Frame f) {
    ObjectNode json = NODES.objectNode();
    json.put("frameId", f.getFrameId());
    json.put("source", f.getSource());
    json.put("vehicleId", f.getVehicleId());
    json.put("capturedAt", f.getCapturedAt().toEpochMilli());
    CameraCrop camera = f.getCamera();
    ObjectNode cameraJson = json.putObject("camera");
    cameraJson.put("width", camera.getWidth());
    cameraJson.put("height", camera.getHeight());
    cameraJson.put("rgbBase64", Base64.getEncoder().encodeToString(bytes(camera.getRgb())));
    ArrayNode lidar = json.putArray("lidar");
    for (LidarPoint p : f.getLidar()) {
      // floats stay floats, so 0.1f is written as 0.1 rather than 0.10000000149011612
      lidar.addArray().add(p.getX()).add(p.getY()).add(p.getZ()).add(p.getIntensity());
    }
    CaptureConditions c = f.getConditions();
    ObjectNode conditions = json.putObject("conditions");
    conditions.put("rangeMeters", c.getRangeMeters());
    conditions.put("occlusion", c.getOcclusion());
    conditions.put("lighting", name(c.getLighting()));
    conditions.put("weather", name(c.getWeather()));
    ObjectBox b = f.getBox();
    if (b != null) {
      ObjectNode box = json.putObject("box");
      box.put("length", b.getLength());
      box.put("width", b.getWidth());
      box.put("height", b.getHeight());
      box.put("yaw", b.getYaw());
    }
    CameraImage image = f.getCameraImage();
    if (image != null) {
      ObjectNode imageJson = json.putObject("cameraImage");
      imageJson.put("width", image.getWidth());
      imageJson.put("height", image.getHeight());
      imageJson.put("jpegBase64", Base64.getEncoder().encodeToString(bytes(image.getJpeg())));
      imageJson.putArray("crop").add(image.getCropLeft()).add(image.getCropTop()).add(image.getCropRight())
          .add(image.getCropBottom());
    }
    return json;
  }

  /** The machine's opinion, which the service stores for auditors as an opaque object. */
  static ObjectNode prediction(Prediction p) {
    ObjectNode json = NODES.objectNode();
    json.put("frameId", p.getFrameId());
    json.put("modelVersion", p.getModelVersion());
    ArrayNode probabilities = json.putArray("probabilities");
    p.getProbabilities().forEach(probabilities::add);
    json.put("predicted", name(p.getPredicted()));
    json.put("confidence", p.getConfidence());
    json.put("margin", p.getMargin());
    json.put("entropy", p.getEntropy());
    if (p.getMutualInformation() != null) {
      json.put("mutualInformation", p.getMutualInformation());
    }
    json.put("predictedAt", p.getPredictedAt().toEpochMilli());
    return json;
  }

  /** A FeedPage's {@code entries}, each a FeedEntry, as HumanLabels. */
  static List<HumanLabel> humanLabels(JsonNode entries) {
    if (entries == null || !entries.isArray()) {
      throw new IllegalArgumentException("'entries' is not a list");
    }
    List<HumanLabel> labels = new ArrayList<>(entries.size());
    for (JsonNode entry : entries) {
      labels.add(humanLabel(entry));
    }
    return labels;
  }

  /** One FeedEntry. Every field is mapped; a missing required one is an error, not a default. */
  static HumanLabel humanLabel(JsonNode e) {
    long sequence = required(e, "sequence").asLong();
    try {
      List<LabellerAnswer> answers = new ArrayList<>();
      for (JsonNode a : list(e, "answers")) {
        answers.add(answer(a));
      }
      List<SetAsideAnswer> setAside = new ArrayList<>();
      for (JsonNode a : list(e, "setAside")) {
        setAside.add(
            SetAsideAnswer.newBuilder()
                .setAnswer(answer(a))
                .setReason(required(a, "reason").asText())
                .build());
      }
      return HumanLabel.newBuilder()
          .setSequence(sequence)
          .setTaskId(required(e, "taskId").asText())
          .setFrameId(required(e, "frameId").asText())
          .setKind(symbol(TaskKind.class, required(e, "kind"), "kind"))
          .setOutcome(symbol(LabelOutcome.class, required(e, "outcome"), "outcome"))
          .setLabel(optionalSymbol(ObjectClass.class, e.get("label"), "label"))
          .setAnswers(answers)
          .setSetAside(setAside)
          .setAgreement((float) required(e, "agreement").asDouble())
          .setReason(optionalText(e.get("reason")))
          .setVerifiedAt(Instant.ofEpochMilli(required(e, "verifiedAt").asLong()))
          .build();
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("feed entry " + sequence + ": " + ex.getMessage(), ex);
    }
  }

  private static LabellerAnswer answer(JsonNode a) {
    return LabellerAnswer.newBuilder()
        .setLabellerId(required(a, "labellerId").asText())
        .setAnswer(optionalSymbol(ObjectClass.class, a.get("answer"), "answer"))
        .setActiveMillis(required(a, "activeMillis").asLong())
        .setPayCents(required(a, "payCents").asLong())
        .setCurrency(required(a, "currency").asText())
        .setAnsweredAt(Instant.ofEpochMilli(required(a, "answeredAt").asLong()))
        .build();
  }

  private static Iterable<JsonNode> list(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("'" + field + "' is not a list");
    }
    return node;
  }

  private static JsonNode required(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return node;
  }

  private static String optionalText(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static <E extends Enum<E>> E optionalSymbol(Class<E> type, JsonNode node, String field) {
    return node == null || node.isNull() ? null : symbol(type, node, field);
  }

  private static <E extends Enum<E>> E symbol(Class<E> type, JsonNode node, String field) {
    String text = node.asText();
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + field + "' is '" + text + "', not a " + type.getSimpleName());
    }
  }

  private static String name(Enum<?> symbol) {
    return symbol.name().toLowerCase(Locale.ROOT);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    // a duplicate, so that reading does not move the record's own buffer position
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
