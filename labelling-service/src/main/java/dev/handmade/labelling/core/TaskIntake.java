package dev.handmade.labelling.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.api.FrameData;
import dev.handmade.labelling.api.FrameLimits;
import dev.handmade.labelling.api.IntakeRequest;
import dev.handmade.labelling.api.IntakeResult;
import dev.handmade.labelling.api.TaskSubmission;
import dev.handmade.labelling.api.Wire;
import dev.handmade.labelling.db.QueueDao;
import dev.handmade.labelling.db.QueueDao.NewTask;
import dev.handmade.labelling.db.Transactions;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.TaskKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * Takes batches of tasks from the pipeline. A batch is checked whole before anything is stored
 * and stored in one transaction; a frame already known is reported as "existing" and left as
 * it is, so a retried batch never creates duplicates.
 */
public final class TaskIntake {

  /** Ids are names, not text: this keeps ids readable in logs and URLs and rejects SQL-looking input early. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}");

  private final Jdbi jdbi;
  private final QueueDao queue;
  private final ObjectMapper mapper;
  private final int defaultRequiredLabels;
  private final int maxLabels;
  private final int maxTasks;
  private final Counter received;

  public TaskIntake(
      Jdbi jdbi,
      QueueDao queue,
      ObjectMapper mapper,
      int defaultRequiredLabels,
      int maxLabels,
      int maxTasks,
      MeterRegistry metrics) {
    this.jdbi = jdbi;
    this.queue = queue;
    this.mapper = mapper;
    this.defaultRequiredLabels = defaultRequiredLabels;
    this.maxLabels = maxLabels;
    this.maxTasks = maxTasks;
    this.received =
        Counter.builder("handmade_tasks_received")
            .description("Tasks created by intake")
            .register(metrics);
  }

  public IntakeResult accept(IntakeRequest request) {
    if (request == null || request.tasks() == null) {
      throw Rejection.badInput("tasks", "a batch needs a list 'tasks'");
    }
    if (request.tasks().isEmpty() || request.tasks().size() > maxTasks) {
      throw Rejection.badInput("tasks", "a batch holds 1 to " + maxTasks + " tasks");
    }
    List<NewTask> tasks = new ArrayList<>();
    for (int i = 0; i < request.tasks().size(); i++) {
      tasks.add(validate(request.tasks().get(i), "tasks[" + i + "]."));
    }
    // frames are inserted in frame id order, whatever the batch's order, so that two batches
    // sharing frames wait for each other instead of deadlocking; answers keep the batch's order
    Integer[] order = new Integer[tasks.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> tasks.get(i).frameId()));
    IntakeResult result =
        Transactions.inTransaction(
            jdbi,
            h -> {
              IntakeResult.Item[] items = new IntakeResult.Item[tasks.size()];
              int created = 0;
              for (int i : order) {
                NewTask task = tasks.get(i);
                switch (queue.insertTask(h, task)) {
                  case CREATED -> {
                    created++;
                    items[i] = new IntakeResult.Item(task.taskId(), task.frameId(), "created");
                  }
                  case EXISTING ->
                      items[i] =
                          new IntakeResult.Item(
                              queue.taskIdOfFrame(h, task.frameId()).orElse(task.taskId()),
                              task.frameId(),
                              "existing");
                  case TASK_ID_TAKEN ->
                      throw Rejection.conflict(
                          "tasks[" + i + "].taskId",
                          "task id '"
                              + task.taskId()
                              + "' is taken by frame '"
                              + queue.frameIdOfTask(h, task.taskId()).orElse("?")
                              + "'");
                }
              }
              return new IntakeResult(created, items.length - created, List.of(items));
            });
    received.increment(result.created());
    return result;
  }

  private NewTask validate(TaskSubmission t, String at) {
    if (t == null) {
      throw Rejection.badInput(at.substring(0, at.length() - 1), "a task must be an object");
    }
    String frameId =
        t.frameId() != null ? t.frameId() : t.frame() != null ? t.frame().frameId() : null;
    requireId(frameId, at + "frameId");
    if (t.frame() != null && t.frame().frameId() != null && !t.frame().frameId().equals(frameId)) {
      throw Rejection.badInput(at + "frame.frameId", "differs from the task's frameId");
    }
    String taskId = t.taskId() == null ? frameId : t.taskId();
    requireId(taskId, at + "taskId");
    if (t.kind() == null) {
      throw Rejection.badInput(at + "kind", "required: one of " + Wire.choices(TaskKind.class));
    }
    double priority = t.priority() == null ? 0.0 : t.priority();
    if (!Double.isFinite(priority)) {
      throw Rejection.badInput(at + "priority", "must be a finite number");
    }
    int required = t.requiredLabels() == null ? defaultRequiredLabels : t.requiredLabels();
    if (required < 1 || required > maxLabels) {
      throw Rejection.badInput(at + "requiredLabels", "must be 1.." + maxLabels);
    }
    ObjectClass gold = t.goldAnswer();
    if (t.kind() == TaskKind.GOLD && gold == null) {
      throw Rejection.badInput(at + "goldAnswer", "a gold task needs its known answer");
    }
    if (t.kind() != TaskKind.GOLD && gold != null) {
      throw Rejection.badInput(at + "goldAnswer", "only gold tasks carry a known answer");
    }
    if (t.machineOpinion() != null
        && !t.machineOpinion().isNull()
        && !t.machineOpinion().isObject()) {
      throw Rejection.badInput(at + "machineOpinion", "must be an object");
    }
    if ((t.frame() == null) == (t.frameUri() == null)) {
      throw Rejection.badInput(
          at + "frame", "give either the frame or frameUri, not both or neither");
    }
    String frameJson = null;
    if (t.frame() != null) {
      frameJson = json(validateFrame(t.frame(), frameId, at + "frame."));
    } else {
      validateUri(t.frameUri(), at + "frameUri");
    }
    String opinion =
        t.machineOpinion() == null || t.machineOpinion().isNull() ? null : json(t.machineOpinion());
    return new NewTask(
        taskId,
        frameId,
        Wire.name(t.kind()),
        priority,
        required,
        gold == null ? null : Wire.name(gold),
        opinion,
        frameJson,
        t.frameUri());
  }

  private FrameData validateFrame(FrameData f, String frameId, String at) {
    checkText(f.source(), at + "source");
    checkText(f.vehicleId(), at + "vehicleId");
    if (f.capturedAt() != null && f.capturedAt() < 0) {
      throw Rejection.badInput(at + "capturedAt", "must be milliseconds since 1970, not negative");
    }
    FrameData.CameraData camera = f.camera();
    if (camera == null) {
      throw Rejection.badInput(at + "camera", "required");
    }
    checkSide(camera.width(), at + "camera.width");
    checkSide(camera.height(), at + "camera.height");
    if (camera.rgbBase64() == null) {
      throw Rejection.badInput(at + "camera.rgbBase64", "required");
    }
    byte[] rgb;
    try {
      rgb = Base64.getDecoder().decode(camera.rgbBase64());
    } catch (IllegalArgumentException e) {
      throw Rejection.badInput(at + "camera.rgbBase64", "not base64: " + e.getMessage());
    }
    long expected = 3L * camera.width() * camera.height();
    if (rgb.length != expected) {
      throw Rejection.badInput(
          at + "camera.rgbBase64",
          "holds " + rgb.length + " bytes; width * height * 3 is " + expected);
    }
    if (f.lidar() == null) {
      throw Rejection.badInput(at + "lidar", "required (may be empty)");
    }
    if (f.lidar().size() > FrameLimits.MAX_LIDAR_POINTS) {
      throw Rejection.badInput(at + "lidar", "at most " + FrameLimits.MAX_LIDAR_POINTS + " points");
    }
    for (int i = 0; i < f.lidar().size(); i++) {
      double[] p = f.lidar().get(i);
      if (p == null || p.length != 4) {
        throw Rejection.badInput(at + "lidar[" + i + "]", "a point is [x, y, z, intensity]");
      }
      for (double v : p) {
        if (!Double.isFinite(v)) {
          throw Rejection.badInput(at + "lidar[" + i + "]", "coordinates must be finite");
        }
      }
    }
    FrameData.ConditionsData c = f.conditions();
    if (c != null) {
      if (c.rangeMeters() != null && !(c.rangeMeters() >= 0 && Double.isFinite(c.rangeMeters()))) {
        throw Rejection.badInput(
            at + "conditions.rangeMeters", "must be a finite distance, not negative");
      }
      if (c.occlusion() != null && !(c.occlusion() >= 0 && c.occlusion() <= 1)) {
        throw Rejection.badInput(at + "conditions.occlusion", "must be 0..1");
      }
    }
    FrameData.BoxData b = f.box();
    if (b != null) {
      checkBox(b.length(), at + "box.length", true);
      checkBox(b.width(), at + "box.width", true);
      checkBox(b.height(), at + "box.height", true);
      checkBox(b.yaw(), at + "box.yaw", false);
    }
    if (f.cameraImage() != null) {
      validateCameraImage(f.cameraImage(), at + "cameraImage.");
    }
    return new FrameData(
        frameId,
        f.source(),
        f.vehicleId(),
        f.capturedAt(),
        camera,
        f.lidar(),
        c,
        b,
        f.cameraImage());
  }

  /** The page draws it as it is: a JPEG of the size it claims, and a crop region on it. */
  private static void validateCameraImage(FrameData.CameraImageData image, String at) {
    checkSide(image.width(), at + "width");
    checkSide(image.height(), at + "height");
    if (image.jpegBase64() == null) {
      throw Rejection.badInput(at + "jpegBase64", "required");
    }
    byte[] jpeg;
    try {
      jpeg = Base64.getDecoder().decode(image.jpegBase64());
    } catch (IllegalArgumentException e) {
      throw Rejection.badInput(at + "jpegBase64", "not base64: " + e.getMessage());
    }
    if (jpeg.length > FrameLimits.MAX_JPEG_BYTES) {
      throw Rejection.badInput(
          at + "jpegBase64", "at most " + FrameLimits.MAX_JPEG_BYTES + " bytes of JPEG");
    }
    if (jpeg.length < 3 || !FrameLimits.jpegAllowed(jpeg[0], jpeg[1], jpeg[2], jpeg.length)) {
      throw Rejection.badInput(at + "jpegBase64", "not a JPEG (it must start with FF D8 FF)");
    }
    double[] crop = image.crop();
    if (crop == null
        || crop.length != 4
        || !FrameLimits.cropInside(
            crop[0], crop[1], crop[2], crop[3], image.width(), image.height())) {
      throw Rejection.badInput(
          at + "crop", "required, [left, top, right, bottom] inside the image, not empty");
    }
  }

  private static void checkBox(Double v, String field, boolean size) {
    if (v == null || !Double.isFinite(v) || (size && v < 0)) {
      throw Rejection.badInput(
          field, size ? "required, a finite size, not negative" : "required, finite");
    }
  }

  private static void checkSide(Integer side, String field) {
    if (side == null || !FrameLimits.sideAllowed(side)) {
      throw Rejection.badInput(field, "required, 1.." + FrameLimits.MAX_IMAGE_SIDE);
    }
  }

  private static void checkText(String s, String field) {
    if (s != null && (s.length() > 200 || s.chars().anyMatch(Character::isISOControl))) {
      throw Rejection.badInput(field, "at most 200 printable characters");
    }
  }

  private static void requireId(String id, String field) {
    if (id == null) {
      throw Rejection.badInput(field, "required");
    }
    if (!ID.matcher(id).matches()) {
      throw Rejection.badInput(
          field, "1 to 200 of A-Z a-z 0-9 . _ : / -, starting with a letter or digit");
    }
  }

  private static void validateUri(String uri, String field) {
    try {
      URI parsed = new URI(uri);
      if (parsed.getScheme() == null || uri.length() > 2048) {
        throw Rejection.badInput(field, "must be an absolute URI such as s3://bucket/key");
      }
    } catch (java.net.URISyntaxException e) {
      throw Rejection.badInput(field, "not a URI: " + e.getReason());
    }
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a validated frame always serializes", e);
    }
  }
}
