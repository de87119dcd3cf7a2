package dev.handmade.pipeline.support;

import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LabelTask;
import dev.handmade.schema.LidarPoint;
import dev.handmade.schema.Lighting;
import dev.handmade.schema.ObjectBox;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import dev.handmade.schema.TaskKind;
import dev.handmade.schema.Weather;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small but complete LabelTasks: a crop, some lidar points, a box, and a ground truth. */
public final class TestTasks {

  public static final int WIDTH = 6;
  public static final int HEIGHT = 4;

  private TestTasks() {}

  /** An uncertain task whose task id is its frame id, as the router makes them. */
  public static LabelTask uncertain(String frameId) {
    return task(frameId, TaskKind.UNCERTAIN, null);
  }

  public static LabelTask task(String frameId, TaskKind kind, ObjectClass goldAnswer) {
    return LabelTask.newBuilder()
        .setTaskId(frameId)
        .setFrameId(frameId)
        .setKind(kind)
        .setPriority(0.25 + (frameId.hashCode() & 0xff) / 1000.0)
        .setRequiredLabels(1)
        .setFrame(frame(frameId))
        .setMachineOpinion(prediction(frameId))
        .setGoldAnswer(goldAnswer)
        .setCreatedAt(Instant.ofEpochMilli(1_760_000_000_000L))
        .build();
  }

  public static Frame frame(String frameId) {
    Random random = new Random(frameId.hashCode());
    byte[] rgb = new byte[WIDTH * HEIGHT * 3];
    random.nextBytes(rgb);
    List<LidarPoint> lidar = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lidar.add(
          new LidarPoint(
              random.nextFloat() * 4 - 2,
              random.nextFloat() * 2 - 1,
              random.nextFloat(),
              0.1f * i));
    }
    return Frame.newBuilder()
        .setFrameId(frameId)
        .setSource("simulator")
        .setVehicleId("v-7")
        .setCapturedAt(Instant.ofEpochMilli(1_760_000_000_123L))
        .setCamera(new CameraCrop(WIDTH, HEIGHT, ByteBuffer.wrap(rgb)))
        .setLidar(lidar)
        .setConditions(new CaptureConditions(23.5f, 0.3f, Lighting.NIGHT, Weather.RAIN))
        .setBox(new ObjectBox(4.2f, 1.8f, 1.5f, 0.3f))
        .setGroundTruth(ObjectClass.TRUCK)
        .build();
  }

  public static Prediction prediction(String frameId) {
    return Prediction.newBuilder()
        .setFrameId(frameId)
        .setModelVersion("v3")
        .setProbabilities(List.of(0.42f, 0.3f, 0.1f, 0.05f, 0.05f, 0.04f, 0.02f, 0.02f))
        .setPredicted(ObjectClass.CAR)
        .setConfidence(0.42f)
        .setMargin(0.12f)
        .setEntropy(1.4f)
        .setMutualInformation(0.2f)
        .setPredictedAt(Instant.ofEpochMilli(1_760_000_000_500L))
        .build();
  }
}
