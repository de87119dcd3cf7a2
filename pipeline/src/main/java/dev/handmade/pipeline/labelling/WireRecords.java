package dev.handmade.pipeline.labelling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.api.FeedEntry;
import dev.handmade.labelling.api.FrameData;
import dev.handmade.labelling.api.TaskSubmission;
import dev.handmade.labelling.api.Wire;
import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CameraImage;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.ObjectBox;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.SetAsideAnswer;
import dev.handmade.schema.TaskKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The pipeline's Avro records as the labelling API's wire records, and back: tasks out, feed
 * entries in. The JSON itself is the API module's business.
 */
final class WireRecords {

  private static final ObjectMapper MAPPER = Wire.mapper();

  private WireRecords() {}

  /**
   * One task as TaskSubmission. The frame goes inline when the task has one, else its URI: the
   * service takes exactly one of them. The gold answer goes only with gold tasks, where the
   * service requires it; on any other task it would be refused, and leaking it would steer
   * nothing but is still not ours to send.
   */
  static TaskSubmission task(LabelTask t) {
    ObjectClass gold = t.getKind() == TaskKind.GOLD ? t.getGoldAnswer() : null;
    JsonNode opinion = t.getMachineOpinion() == null ? null : opinion(t.getMachineOpinion());
    FrameData frame = t.getFrame() == null ? null : frame(t.getFrame());
    String frameUri = frame == null ? t.getFrameUri() : null;
    return new TaskSubmission(
        t.getTaskId(),
        t.getFrameId(),
        t.getKind(),
        t.getPriority(),
        t.getRequiredLabels(),
        gold,
        opinion,
        frame,
        frameUri);
  }

  /** FrameData. The ground truth is never written: it must not reach people. */
  static FrameData frame(Frame f) {
    CameraCrop camera = f.getCamera();
    List<double[]> lidar =
        f.getLidar().stream()
            .map(
                p ->
                    new double[] {
                      wide(p.getX()), wide(p.getY()), wide(p.getZ()), wide(p.getIntensity())
                    })
            .toList();
    CaptureConditions c = f.getConditions();
    ObjectBox b = f.getBox();
    return new FrameData(
        f.getFrameId(),
        f.getSource(),
        f.getVehicleId(),
        f.getCapturedAt().toEpochMilli(),
        new FrameData.CameraData(
            camera.getWidth(),
            camera.getHeight(),
            Base64.getEncoder().encodeToString(bytes(camera.getRgb()))),
        lidar,
        new FrameData.ConditionsData(
            wide(c.getRangeMeters()), wide(c.getOcclusion()), c.getLighting(), c.getWeather()),
        b == null
            ? null
            : new FrameData.BoxData(
                wide(b.getLength()), wide(b.getWidth()), wide(b.getHeight()), wide(b.getYaw())),
        image(f.getCameraImage()));
  }

  /** The whole camera image, for context, with the crop's region on it; absent for simulated frames. */
  private static FrameData.CameraImageData image(CameraImage image) {
    if (image == null) {
      return null;
    }
    return new FrameData.CameraImageData(
        image.getWidth(),
        image.getHeight(),
        Base64.getEncoder().encodeToString(bytes(image.getJpeg())),
        new double[] {
          image.getCropLeft(), image.getCropTop(), image.getCropRight(), image.getCropBottom()
        });
  }

  /** The machine's opinion as the service stores it for auditors: an object it does not read. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record Opinion(
      String frameId,
      String modelVersion,
      List<Float> probabilities,
      ObjectClass predicted,
      float confidence,
      float margin,
      float entropy,
      Float mutualInformation,
      long predictedAt) {}

  static JsonNode opinion(Prediction p) {
    return MAPPER.valueToTree(
        new Opinion(
            p.getFrameId(),
            p.getModelVersion(),
            p.getProbabilities(),
            p.getPredicted(),
            p.getConfidence(),
            p.getMargin(),
            p.getEntropy(),
            p.getMutualInformation(),
            p.getPredictedAt().toEpochMilli()));
  }

  /**
   * One FeedEntry as a HumanLabel. The API's reader has refused entries that lack a field;
   * what is left to check is what only the Avro side knows: the outcome's symbols.
   */
  static HumanLabel humanLabel(FeedEntry e) {
    try {
      return HumanLabel.newBuilder()
          .setSequence(e.sequence())
          .setTaskId(e.taskId())
          .setFrameId(e.frameId())
          .setKind(e.kind())
          .setOutcome(outcome(e.outcome()))
          .setLabel(e.label())
          .setAnswers(
              e.answers().stream()
                  .map(
                      a ->
                          answer(
                              a.labellerId(),
                              a.answer(),
                              a.activeMillis(),
                              a.payCents(),
                              a.currency(),
                              a.answeredAt()))
                  .toList())
          .setSetAside(
              e.setAside().stream()
                  .map(
                      a ->
                          SetAsideAnswer.newBuilder()
                              .setAnswer(
                                  answer(
                                      a.labellerId(),
                                      a.answer(),
                                      a.activeMillis(),
                                      a.payCents(),
                                      a.currency(),
                                      a.answeredAt()))
                              .setReason(a.reason())
                              .build())
                  .toList())
          .setAgreement(e.agreement())
          .setReason(e.reason())
          .setVerifiedAt(Instant.ofEpochMilli(e.verifiedAt()))
          .build();
    } catch (RuntimeException ex) {
      // Avro's builder refuses a null where its schema has none, naming the field
      throw new IllegalArgumentException("feed entry " + e.sequence() + ": " + ex.getMessage(), ex);
    }
  }

  private static LabellerAnswer answer(
      String labellerId,
      ObjectClass answer,
      long activeMillis,
      long payCents,
      String currency,
      long answeredAt) {
    return LabellerAnswer.newBuilder()
        .setLabellerId(labellerId)
        .setAnswer(answer)
        .setActiveMillis(activeMillis)
        .setPayCents(payCents)
        .setCurrency(currency)
        .setAnsweredAt(Instant.ofEpochMilli(answeredAt))
        .build();
  }

  private static LabelOutcome outcome(String text) {
    try {
      return LabelOutcome.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("'outcome' is '" + text + "', not a LabelOutcome");
    }
  }

  /** A float as the double with the same shortest decimal, so that 0.1f is written 0.1, not 0.10000000149011612. */
  private static double wide(float value) {
    return Double.parseDouble(Float.toString(value));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    // a duplicate, so that reading does not move the record's own buffer position
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }
}
