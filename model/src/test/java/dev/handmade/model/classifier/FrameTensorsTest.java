package dev.handmade.model.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class FrameTensorsTest {

  private final FrameTensors tensors = new FrameTensors(32, 16);
  private final Frame base = Examples.frames(5, 1).get(0);

  @Test
  void shapesAreWhatTheNetworkExpects() {
    List<Frame> frames = Examples.frames(5, 3);
    assertThat(tensors.camera(frames).shape()).containsExactly(3, 3, 32, 32);
    assertThat(tensors.lidar(frames).shape()).containsExactly(3, FrameTensors.LIDAR_CHANNELS, 16);
  }

  @Test
  void cameraValuesAreScaledRgbInChannelPlanes() {
    byte[] rgb = new byte[2 * 2 * 3];
    rgb[0] = (byte) 255; // pixel (0,0) red
    rgb[3 * 3 + 2] = (byte) 255; // pixel (1,1) blue
    Frame f = Frame.newBuilder(base).setCamera(new CameraCrop(2, 2, ByteBuffer.wrap(rgb))).build();
    INDArray camera = new FrameTensors(2, 4).camera(List.of(f));
    assertThat(camera.getFloat(0, 0, 0, 0)).isEqualTo(1f);
    assertThat(camera.getFloat(0, 2, 1, 1)).isEqualTo(1f);
    assertThat(camera.getFloat(0, 1, 0, 0)).isEqualTo(0f);
  }

  @Test
  void largerCropsAreResizedToTheModelSize() {
    Frame big =
        Frame.newBuilder(base)
            .setCamera(new CameraCrop(64, 48, ByteBuffer.wrap(new byte[64 * 48 * 3])))
            .build();
    assertThat(tensors.camera(List.of(big)).shape()).containsExactly(1, 3, 32, 32);
  }

  @Test
  void fewPointsAreRepeatedAndNoPointsLeaveOnlyTheCount() {
    Frame two =
        Frame.newBuilder(base)
            .setLidar(List.of(new LidarPoint(4f, 0f, 0f, 0.5f), new LidarPoint(0f, 8f, 0f, 0.1f)))
            .build();
    Frame none = Frame.newBuilder(base).setLidar(new ArrayList<>()).build();
    INDArray lidar = tensors.lidar(List.of(two, none));
    // x of point 0 in units of 4 m, repeated every second column
    assertThat(lidar.getFloat(0, 0, 0)).isEqualTo(1f);
    assertThat(lidar.getFloat(0, 0, 2)).isEqualTo(1f);
    assertThat(lidar.getFloat(0, 1, 3)).isEqualTo(2f);
    assertThat(lidar.getFloat(0, 4, 5)).isEqualTo(1f); // valid flag
    assertThat(lidar.getFloat(1, 4, 0)).isEqualTo(0f);
    assertThat(lidar.getFloat(1, 0, 0)).isEqualTo(0f);
  }

  @Test
  void aCropWithTheWrongNumberOfBytesIsNamed() {
    Frame bad =
        Frame.newBuilder(base)
            .setFrameId("bad-crop")
            .setCamera(new CameraCrop(32, 32, ByteBuffer.wrap(new byte[100])))
            .build();
    assertThatThrownBy(() -> tensors.camera(List.of(bad)))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("bad-crop")
        .hasMessageContaining("3072")
        .hasMessageContaining("100");
  }

  @Test
  void nonFinitePointsAreNamed() {
    Frame bad =
        Frame.newBuilder(base)
            .setFrameId("nan-points")
            .setLidar(List.of(new LidarPoint(1f, Float.NaN, 0f, 0f)))
            .build();
    assertThatThrownBy(() -> FrameTensors.validate(bad))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("nan-points")
        .hasMessageContaining("point 0");
  }

  @Test
  void absurdCropSizesAreRejectedBeforeAnyAllocation() {
    Frame bad =
        Frame.newBuilder(base)
            .setCamera(new CameraCrop(-4, 100000, ByteBuffer.wrap(new byte[0])))
            .build();
    assertThatThrownBy(() -> FrameTensors.validate(bad))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("outside");
  }
}
