package dev.handmade.schema;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Small, fully populated records for the contract tests. */
final class SampleRecords {

  private SampleRecords() {}

  static Frame frame(String id) {
    byte[] rgb = new byte[4 * 4 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7);
    }
    return Frame.newBuilder()
        .setFrameId(id)
        .setSource("simulator")
        .setVehicleId("veh-1")
        .setCapturedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setCamera(
            CameraCrop.newBuilder().setWidth(4).setHeight(4).setRgb(ByteBuffer.wrap(rgb)).build())
        .setLidar(
            List.of(
                new LidarPoint(1.0f, 0.5f, 0.2f, 0.7f), new LidarPoint(-0.5f, 0.1f, 1.4f, 0.3f)))
        .setConditions(
            CaptureConditions.newBuilder()
                .setRangeMeters(23.5f)
                .setOcclusion(0.25f)
                .setLighting(Lighting.NIGHT)
                .setWeather(Weather.RAIN)
                .build())
        .setBox(new ObjectBox(4.2f, 1.8f, 1.5f, 0.3f))
        .setGroundTruth(ObjectClass.CAR)
        .build();
  }

  static Prediction prediction(String frameId) {
    return Prediction.newBuilder()
        .setFrameId(frameId)
        .setModelVersion("v3")
        .setProbabilities(List.of(0.7f, 0.2f, 0.02f, 0.02f, 0.02f, 0.02f, 0.01f, 0.01f))
        .setPredicted(ObjectClass.CAR)
        .setConfidence(0.7f)
        .setMargin(0.5f)
        .setEntropy(0.9f)
        .setMutualInformation(0.05f)
        .setPredictedAt(Instant.ofEpochMilli(1_700_000_000_100L))
        .build();
  }
}
