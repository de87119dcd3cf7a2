package dev.handmade.pipeline.sink.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class AvroObjectCommittableSerializerTest {

  private final AvroObjectCommittableSerializer serializer =
      AvroObjectCommittableSerializer.INSTANCE;

  @Test
  void roundTrips() throws IOException {
    AvroObjectCommittable committable =
        new AvroObjectCommittable(
            "audit/_pending/abc/00001-0000000007-0002.avro",
            "audit/dt=2026-11-29/hour=08/part-00001-0000000007-0002-abc.avro",
            1234,
            567_890_123L);

    byte[] bytes = serializer.serialize(committable);

    assertThat(serializer.getVersion()).isEqualTo(1);
    assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(committable);
  }

  @Test
  void roundTripsNonAsciiKeys() throws IOException {
    AvroObjectCommittable committable =
        new AvroObjectCommittable("p/_pending/j/ü-0-0.avro", "p/ort=Köln/part.avro", 0, 0);

    assertThat(serializer.deserialize(1, serializer.serialize(committable))).isEqualTo(committable);
  }

  @Test
  void refusesAnUnknownVersion() throws IOException {
    byte[] bytes = serializer.serialize(new AvroObjectCommittable("a", "b", 1, 1));

    assertThatThrownBy(() -> serializer.deserialize(2, bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 2");
  }
}
