package dev.handmade.pipeline.sink.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

class PlainFilesTest {

  private final PlainFiles sealer = new PlainFiles();

  @Test
  void keepsNoState() {
    assertThat(sealer.start(List.of(), null, "dead", 4)).isNull();
  }

  /** Plain sinks once shared the chain's state serializer: whatever they restore is nothing. */
  @Test
  void readsTheVersionsOfTheSharedSerializerAsNoState() throws IOException {
    SimpleVersionedSerializer<Void> serializer = sealer.stateSerializer();

    assertThat(serializer.getVersion()).isEqualTo(2);
    assertThat(serializer.deserialize(1, new byte[] {1, 2, 3})).isNull();
    assertThat(serializer.deserialize(2, new byte[0])).isNull();
    assertThatThrownBy(() -> serializer.deserialize(3, new byte[] {1}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 3");
  }
}
