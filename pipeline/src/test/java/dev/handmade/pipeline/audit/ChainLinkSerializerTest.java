package dev.handmade.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.audit.chain.HashChain;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ChainLinkSerializerTest {

  private final ChainLinkSerializer serializer = ChainLinkSerializer.INSTANCE;

  @Test
  void aLinkSurvivesTheRoundTrip() throws IOException {
    HashChain.Link link =
        new HashChain.Link(
            4_023L,
            "audit/dt=2026-12-01/hour=00/part-00000-0000000127-0000-822f7e0a.avro",
            "ed71e707".repeat(8));
    byte[] bytes = serializer.serialize(link);
    assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(link);
  }

  @Test
  void aSinkWithoutAChainKeepsNoBytesAndRestoresNothing() throws IOException {
    assertThat(serializer.serialize(null)).isEmpty();
    assertThat(serializer.deserialize(serializer.getVersion(), new byte[0])).isNull();
  }

  @Test
  void stateFromVersionOneHeldNothing() throws IOException {
    assertThat(serializer.deserialize(1, new byte[] {1, 2, 3})).isNull();
  }

  @Test
  void anUnknownVersionIsRefusedNotGuessed() {
    assertThatThrownBy(() -> serializer.deserialize(3, new byte[] {1}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 3");
  }
}
