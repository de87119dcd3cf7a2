package dev.handmade.pipeline.source.drivelog.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DriveLogSplitSerializerTest {

  private final DriveLogSplitSerializer serializer = DriveLogSplitSerializer.INSTANCE;

  @Test
  void roundTrips() throws IOException {
    DriveLogSplit split = new DriveLogSplit("drive-logs/2026-11-29/car-1/0008.avro", 1_234_567L);

    DriveLogSplit back =
        serializer.deserialize(serializer.getVersion(), serializer.serialize(split));

    assertThat(serializer.getVersion()).isEqualTo(1);
    assertThat(back).isEqualTo(split);
    assertThat(back.splitId()).isEqualTo(split.key());
  }

  @Test
  void refusesAnUnknownVersion() throws IOException {
    byte[] bytes = serializer.serialize(DriveLogSplit.of("k"));

    assertThatThrownBy(() -> serializer.deserialize(7, bytes)).hasMessageContaining("version 7");
  }
}
