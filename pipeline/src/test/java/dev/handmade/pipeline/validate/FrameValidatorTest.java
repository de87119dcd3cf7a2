package dev.handmade.pipeline.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.labelling.api.FrameLimits;
import dev.handmade.model.simulator.SensorSimulator;
import dev.handmade.pipeline.source.IngestedFrame;
import dev.handmade.schema.CameraImage;
import dev.handmade.schema.DeadLetter;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * What the labelling service would refuse never reaches the task sink, where one refused task
 * would fail the job again after every restart: it is a dead letter with its reason here.
 */
class FrameValidatorTest {

  private final SensorSimulator simulator = SensorSimulator.builder().seed(5).build();

  @Test
  void framesThePeoplesServiceWouldRefuseAreDeadLettersWithTheirReason() throws Exception {
    Frame good = simulator.frames(0, 1).get(0);
    Frame beforeEpoch =
        Frame.newBuilder(good).setFrameId("old").setCapturedAt(Instant.ofEpochMilli(-1)).build();
    List<LidarPoint> many = new ArrayList<>();
    for (int i = 0; i <= FrameLimits.MAX_LIDAR_POINTS; i++) {
      many.add(LidarPoint.newBuilder().setX(1).setY(2).setZ(0).setIntensity(0.5f).build());
    }
    Frame dense = Frame.newBuilder(good).setFrameId("dense").setLidar(many).build();
    byte[] jpegStart = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0};
    Frame withImage =
        Frame.newBuilder(good)
            .setFrameId("with-image")
            .setCameraImage(
                new CameraImage(640, 190, ByteBuffer.wrap(jpegStart), 10f, 20f, 30f, 40f))
            .build();
    Frame pngImage =
        Frame.newBuilder(good)
            .setFrameId("png-image")
            .setCameraImage(
                new CameraImage(
                    640,
                    190,
                    ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
                    10f,
                    20f,
                    30f,
                    40f))
            .build();
    Frame cropOffImage =
        Frame.newBuilder(good)
            .setFrameId("crop-off-image")
            .setCameraImage(
                new CameraImage(640, 190, ByteBuffer.wrap(jpegStart), 600f, 20f, 700f, 40f))
            .build();

    try (var harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(new FrameValidator("test")))) {
      harness.open();
      for (Frame f : List.of(good, beforeEpoch, dense, withImage, pngImage, cropOffImage)) {
        harness.processElement(IngestedFrame.of(f), 0);
      }
      assertThat(harness.extractOutputValues())
          .extracting(Frame::getFrameId)
          .containsExactly(good.getFrameId(), "with-image");
      List<DeadLetter> dead =
          harness.getSideOutput(FrameValidator.DEAD_LETTERS).stream()
              .map(r -> r.getValue())
              .toList();
      assertThat(dead)
          .extracting(DeadLetter::getFrameId)
          .containsExactly("old", "dense", "png-image", "crop-off-image");
      assertThat(dead.get(0).getReason()).contains("before 1970");
      assertThat(dead.get(1).getReason()).contains("at most " + FrameLimits.MAX_LIDAR_POINTS);
      assertThat(dead.get(2).getReason()).contains("not a JPEG");
      assertThat(dead.get(3).getReason())
          .contains("(600.0, 20.0)-(700.0, 40.0)")
          .contains("640x190");
    }
  }
}
