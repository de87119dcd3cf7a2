package dev.handmade.pipeline.source.feed.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.pipeline.source.feed.split.FeedSplit;
import org.junit.jupiter.api.Test;

class FeedEnumeratorStateSerializerTest {

  private final FeedEnumeratorStateSerializer serializer = new FeedEnumeratorStateSerializer();

  @Test
  void roundTripsWithAndWithoutAnUnassignedSplit() throws Exception {
    for (FeedEnumeratorState state :
        new FeedEnumeratorState[] {
          new FeedEnumeratorState(null),
          new FeedEnumeratorState(new FeedSplit(0)),
          new FeedEnumeratorState(new FeedSplit(123_456_789_012L))
        }) {
      byte[] bytes = serializer.serialize(state);

      assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(state);
    }
  }

  @Test
  void anUnknownVersionIsRefused() throws Exception {
    assertThat(serializer.getVersion()).isEqualTo(1);
    byte[] bytes = serializer.serialize(new FeedEnumeratorState(null));

    assertThatThrownBy(() -> serializer.deserialize(7, bytes)).hasMessageContaining("version 7");
  }
}
