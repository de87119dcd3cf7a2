package dev.handmade.pipeline.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.labelling.api.FeedEntry;
import dev.handmade.labelling.api.FeedPage;
import dev.handmade.labelling.api.FrameData;
import dev.handmade.labelling.api.IntakeRequest;
import dev.handmade.labelling.api.TaskSubmission;
import dev.handmade.labelling.api.Wire;
import dev.handmade.pipeline.support.TestTasks;
import dev.handmade.schema.CameraImage;
import dev.handmade.schema.Frame;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.SetAsideAnswer;
import dev.handmade.schema.TaskKind;
import dev.handmade.schema.Weather;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Avro records as the API's wire records, through the JSON the service reads and writes: if
 * a field is dropped or changes its meaning on the way, this fails here rather than in a job.
 */
class WireRecordsTest {

  private final ObjectMapper wire = Wire.mapper();

  @Test
  void aTaskArrivesAsTheServiceReadsItWithoutTheGroundTruth() throws Exception {
    LabelTask task = TestTasks.task("f-1", TaskKind.UNCERTAIN, null);
    String json = wire.writeValueAsString(new IntakeRequest(List.of(WireRecords.task(task))));

    IntakeRequest request = wire.readValue(json, IntakeRequest.class);

    assertThat(json).doesNotContainIgnoringCase("groundTruth").doesNotContainIgnoringCase("truck");
    assertThat(request.tasks()).hasSize(1);
    TaskSubmission t = request.tasks().get(0);
    assertThat(t.taskId()).isEqualTo("f-1");
    assertThat(t.frameId()).isEqualTo("f-1");
    assertThat(t.kind()).isEqualTo(TaskKind.UNCERTAIN);
    assertThat(t.priority()).isEqualTo(task.getPriority());
    assertThat(t.requiredLabels()).isEqualTo(1);
    assertThat(t.goldAnswer()).isNull();
    assertThat(t.frameUri()).isNull();
    assertThat(t.machineOpinion().get("predicted").asText()).isEqualTo("car");
    assertThat(t.machineOpinion().get("confidence").floatValue()).isEqualTo(0.42f);
    assertThat(t.machineOpinion().get("modelVersion").asText()).isEqualTo("v3");
    assertThat(t.machineOpinion().get("probabilities")).hasSize(8);

    Frame frame = task.getFrame();
    FrameData f = t.frame();
    assertThat(f.frameId()).isEqualTo("f-1");
    assertThat(f.source()).isEqualTo("simulator");
    assertThat(f.vehicleId()).isEqualTo("v-7");
    assertThat(f.capturedAt()).isEqualTo(frame.getCapturedAt().toEpochMilli());
    assertThat(f.camera().width()).isEqualTo(TestTasks.WIDTH);
    assertThat(f.camera().height()).isEqualTo(TestTasks.HEIGHT);
    assertThat(Base64.getDecoder().decode(f.camera().rgbBase64()))
        .isEqualTo(frame.getCamera().getRgb().array());
    assertThat(frame.getCamera().getRgb().position())
        .as("the record's buffer is untouched")
        .isZero();
    assertThat(f.lidar()).hasSize(frame.getLidar().size());
    for (int i = 0; i < f.lidar().size(); i++) {
      double[] p = f.lidar().get(i);
      assertThat((float) p[0]).isEqualTo(frame.getLidar().get(i).getX());
      assertThat((float) p[1]).isEqualTo(frame.getLidar().get(i).getY());
      assertThat((float) p[2]).isEqualTo(frame.getLidar().get(i).getZ());
      assertThat((float) p[3]).isEqualTo(frame.getLidar().get(i).getIntensity());
    }
    assertThat(f.conditions().rangeMeters()).isEqualTo(23.5);
    assertThat(f.conditions().occlusion().floatValue()).isEqualTo(0.3f);
    assertThat(f.conditions().lighting()).isEqualTo(Lighting.NIGHT);
    assertThat(f.conditions().weather()).isEqualTo(Weather.RAIN);
    assertThat(f.box().length().floatValue()).isEqualTo(4.2f);
    assertThat(f.box().yaw().floatValue()).isEqualTo(0.3f);
  }

  @Test
  void theWholeCameraImageGoesWithItsCropRegionAndIsAbsentWhenTheFrameHasNone() throws Exception {
    LabelTask plain = TestTasks.task("f-1", TaskKind.UNCERTAIN, null);
    LabelTask withImage = TestTasks.task("f-2", TaskKind.UNCERTAIN, null);
    byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 1, 2, 3};
    withImage
        .getFrame()
        .setCameraImage(new CameraImage(640, 194, ByteBuffer.wrap(jpeg), 309.5f, 80.5f, 326f, 98f));

    IntakeRequest request =
        Wire.mapper()
            .readValue(
                Wire.mapper()
                    .writeValueAsString(
                        new IntakeRequest(
                            List.of(WireRecords.task(plain), WireRecords.task(withImage)))),
                IntakeRequest.class);

    assertThat(request.tasks().get(0).frame().cameraImage()).isNull();
    FrameData.CameraImageData image = request.tasks().get(1).frame().cameraImage();
    assertThat(image.width()).isEqualTo(640);
    assertThat(image.height()).isEqualTo(194);
    assertThat(Base64.getDecoder().decode(image.jpegBase64())).isEqualTo(jpeg);
    assertThat(image.crop()).containsExactly(309.5, 80.5, 326, 98);
  }

  @Test
  void theGoldAnswerGoesOnlyWithGoldTasks() throws Exception {
    LabelTask gold = TestTasks.task("g-1", TaskKind.GOLD, ObjectClass.PEDESTRIAN);
    LabelTask audit = TestTasks.task("a-1", TaskKind.AUDIT, ObjectClass.PEDESTRIAN);

    IntakeRequest request =
        wire.readValue(
            wire.writeValueAsString(
                new IntakeRequest(List.of(WireRecords.task(gold), WireRecords.task(audit)))),
            IntakeRequest.class);

    assertThat(request.tasks().get(0).goldAnswer()).isEqualTo(ObjectClass.PEDESTRIAN);
    assertThat(request.tasks().get(1).goldAnswer()).isNull();
    assertThat(request.tasks().get(1).kind()).isEqualTo(TaskKind.AUDIT);
  }

  @Test
  void aTaskWithoutAnInlineFrameSendsItsUri() throws Exception {
    LabelTask task = TestTasks.uncertain("f-2");
    task.setFrame(null);
    task.setMachineOpinion(null);
    task.setFrameUri("s3://frames/f-2.avro");

    TaskSubmission t =
        wire.readValue(
                wire.writeValueAsString(new IntakeRequest(List.of(WireRecords.task(task)))),
                IntakeRequest.class)
            .tasks()
            .get(0);

    assertThat(t.frame()).isNull();
    assertThat(t.frameUri()).isEqualTo("s3://frames/f-2.avro");
    // written as null, which the service takes as no opinion
    assertThat(t.machineOpinion() == null || t.machineOpinion().isNull()).as("no opinion").isTrue();
  }

  @Test
  void everyFeedEntryFieldIsMapped() throws Exception {
    FeedEntry verified =
        new FeedEntry(
            7,
            "verified",
            "t-7",
            "f-7",
            TaskKind.AUDIT,
            ObjectClass.CYCLIST,
            List.of(
                new FeedEntry.Answer("lab-1", ObjectClass.CYCLIST, 1200, 5, "EUR", 1_000),
                new FeedEntry.Answer("lab-2", null, 800, 5, "EUR", 2_000)),
            0.5f,
            3_000,
            null,
            List.of(
                new FeedEntry.SetAside(
                    "lab-3",
                    ObjectClass.TREE,
                    400,
                    5,
                    "EUR",
                    1_500,
                    "gold accuracy 0.40 below 0.70")));
    FeedEntry unresolved =
        new FeedEntry(
            8,
            "unresolved",
            "t-8",
            "f-8",
            TaskKind.UNCERTAIN,
            null,
            List.of(new FeedEntry.Answer("lab-1", null, 100, 5, "EUR", 4_000)),
            0f,
            5_000,
            "no majority after 1 labels: cant_tell=1",
            List.of());
    String page = wire.writeValueAsString(new FeedPage(List.of(verified, unresolved), 8));

    List<HumanLabel> labels =
        wire.readValue(page, FeedPage.class).entries().stream()
            .map(WireRecords::humanLabel)
            .toList();

    assertThat(labels)
        .containsExactly(
            HumanLabel.newBuilder()
                .setSequence(7)
                .setTaskId("t-7")
                .setFrameId("f-7")
                .setKind(TaskKind.AUDIT)
                .setOutcome(LabelOutcome.VERIFIED)
                .setLabel(ObjectClass.CYCLIST)
                .setAnswers(
                    List.of(
                        answer("lab-1", ObjectClass.CYCLIST, 1200, 1_000),
                        answer("lab-2", null, 800, 2_000)))
                .setSetAside(
                    List.of(
                        new SetAsideAnswer(
                            answer("lab-3", ObjectClass.TREE, 400, 1_500),
                            "gold accuracy 0.40 below 0.70")))
                .setAgreement(0.5f)
                .setReason(null)
                .setVerifiedAt(Instant.ofEpochMilli(3_000))
                .build(),
            HumanLabel.newBuilder()
                .setSequence(8)
                .setTaskId("t-8")
                .setFrameId("f-8")
                .setKind(TaskKind.UNCERTAIN)
                .setOutcome(LabelOutcome.UNRESOLVED)
                .setLabel(null)
                .setAnswers(List.of(answer("lab-1", null, 100, 4_000)))
                .setSetAside(List.of())
                .setAgreement(0f)
                .setReason("no majority after 1 labels: cant_tell=1")
                .setVerifiedAt(Instant.ofEpochMilli(5_000))
                .build());
  }

  @Test
  void floatsTravelAsTheirShortestDecimal() throws Exception {
    String json = wire.writeValueAsString(WireRecords.task(TestTasks.uncertain("f-3")));

    assertThat(json).contains("\"occlusion\":0.3").doesNotContain("0.30000001");
  }

  @Test
  void anEntryWithAnUnknownOutcomeIsNamedBySequenceAndField() throws Exception {
    FeedEntry entry =
        wire.readValue(
            "{\"sequence\":4,\"outcome\":\"misplaced\",\"taskId\":\"t\",\"frameId\":\"f\","
                + "\"kind\":\"uncertain\",\"label\":null,\"answers\":[],\"agreement\":1,"
                + "\"verifiedAt\":1,\"reason\":null,\"setAside\":[]}",
            FeedEntry.class);

    assertThatThrownBy(() -> WireRecords.humanLabel(entry))
        .hasMessageContaining("feed entry 4")
        .hasMessageContaining("'outcome' is 'misplaced', not a LabelOutcome");
  }

  private static LabellerAnswer answer(String labeller, ObjectClass answer, long active, long at) {
    return LabellerAnswer.newBuilder()
        .setLabellerId(labeller)
        .setAnswer(answer)
        .setActiveMillis(active)
        .setPayCents(5)
        .setCurrency("EUR")
        .setAnsweredAt(Instant.ofEpochMilli(at))
        .build();
  }
}
