package dev.handmade.schema.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.schema.CameraCrop;
import dev.handmade.schema.CaptureConditions;
import dev.handmade.schema.Frame;
import dev.handmade.schema.LidarPoint;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroBytesTest {

  private static Frame frame() {
    return Frame.newBuilder()
        .setFrameId("f-1")
        .setSource("simulator")
        .setVehicleId("veh-1")
        .setCapturedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setCamera(new CameraCrop(1, 1, ByteBuffer.wrap(new byte[] {1, 2, 3})))
        .setLidar(List.of(new LidarPoint(1f, 2f, 3f, 0.5f)))
        .setConditions(CaptureConditions.newBuilder().setRangeMeters(10f).setOcclusion(0f).build())
        .build();
  }

  @Test
  void roundTripsARecord() {
    Frame frame = frame();
    assertThat(AvroBytes.decode(AvroBytes.encode(frame), Frame.class)).isEqualTo(frame);
  }

  @Test
  void truncatedBytesGiveAClearError() {
    byte[] bytes = AvroBytes.encode(frame());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> AvroBytes.decode(truncated, Frame.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("Frame");
  }

  @Test
  void trailingGarbageIsRejected() {
    byte[] bytes = AvroBytes.encode(frame());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 5);
    assertThatThrownBy(() -> AvroBytes.decode(longer, Frame.class))
        .isInstanceOf(MalformedRecordException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void randomBytesNeverEscapeAsAnotherException() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 200; i++) {
      byte[] junk = new byte[random.nextInt(64)];
      random.nextBytes(junk);
      try {
        AvroBytes.decode(junk, Frame.class);
      } catch (MalformedRecordException expected) {
        // the one acceptable failure
      }
    }
  }
}
