package dev.handmade.pipeline.source.feed.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.pipeline.source.feed.reader.FeedSplitState;
import org.junit.jupiter.api.Test;

class FeedSplitSerializerTest {

  private final FeedSplitSerializer serializer = new FeedSplitSerializer();

  @Test
  void roundTrips() throws Exception {
    for (long cursor : new long[] {0, 1, 4711, Long.MAX_VALUE}) {
      FeedSplit split = new FeedSplit(cursor);
      byte[] bytes = serializer.serialize(split);

      assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(split);
    }
  }

  @Test
  void version1IsEightBytesOfCursor() throws Exception {
    assertThat(serializer.getVersion()).isEqualTo(1);
    assertThat(serializer.serialize(new FeedSplit(258))).containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
  }

  @Test
  void anUnknownVersionOrTrailingBytesAreRefused() throws Exception {
    byte[] bytes = serializer.serialize(new FeedSplit(3));

    assertThatThrownBy(() -> serializer.deserialize(2, bytes)).hasMessageContaining("version 2");
    assertThatThrownBy(() -> serializer.deserialize(1, new byte[9]))
        .hasMessageContaining("1 bytes left over");
  }

  @Test
  void theStateAdvancesWithEmittedLabels() {
    FeedSplitState state = new FeedSplitState(new FeedSplit(5));
    state.advanceTo(9);

    assertThat(state.toSplit()).isEqualTo(new FeedSplit(9));
    assertThat(state.toSplit().splitId()).isEqualTo(FeedSplit.ID);
  }
}
