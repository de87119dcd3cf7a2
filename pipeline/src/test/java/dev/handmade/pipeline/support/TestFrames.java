package dev.handmade.pipeline.support;

import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.schema.Frame;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Simulated frames and hand-made predictions for operator tests. */
public final class TestFrames {

  private static final SensorSimulator SIMULATOR = SensorSimulator.builder().seed(900).build();

  private TestFrames() {}

  public static Frame frame(long index) {
    return SIMULATOR.frame(index);
  }

  public static Prediction prediction(Frame frame, ObjectClass predicted, float confidence) {
    List<Float> p = new ArrayList<>();
    for (ObjectClass c : ObjectClass.values()) {
      p.add(c == predicted ? confidence : (1 - confidence) / (ObjectClass.values().length - 1));
    }
    return Prediction.newBuilder()
        .setFrameId(frame.getFrameId())
        .setModelVersion("v3")
        .setProbabilities(p)
        .setPredicted(predicted)
        .setConfidence(confidence)
        .setMargin(confidence - (1 - confidence) / 7)
        .setEntropy(1f)
        .setPredictedAt(Instant.EPOCH)
        .build();
  }
}
