package dev.handmade.pipeline.source.drivelog.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.pipeline.source.drivelog.split.DriveLogSplit;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DriveLogEnumeratorStateSerializerTest {

  private final DriveLogEnumeratorStateSerializer serializer =
      DriveLogEnumeratorStateSerializer.INSTANCE;

  @Test
  void roundTrips() throws IOException {
    DriveLogEnumeratorState state =
        new DriveLogEnumeratorState(
            new TreeSet<>(List.of("drive-logs/b.avro", "drive-logs/a.avro", "drive-logs/c.avro")),
            List.of(
                DriveLogSplit.of("drive-logs/c.avro"), new DriveLogSplit("drive-logs/b.avro", 17)));

    DriveLogEnumeratorState back =
        serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

    assertThat(serializer.getVersion()).isEqualTo(1);
    assertThat(back).isEqualTo(state);
    assertThat(back.discoveredKeys())
        .containsExactly("drive-logs/a.avro", "drive-logs/b.avro", "drive-logs/c.avro");
  }

  @Test
  void roundTripsTheEmptyState() throws IOException {
    assertThat(serializer.deserialize(1, serializer.serialize(DriveLogEnumeratorState.empty())))
        .isEqualTo(DriveLogEnumeratorState.empty());
  }

  @Test
  void refusesAnUnknownVersion() throws IOException {
    byte[] bytes = serializer.serialize(DriveLogEnumeratorState.empty());

    assertThatThrownBy(() -> serializer.deserialize(0, bytes)).hasMessageContaining("version 0");
  }
}
