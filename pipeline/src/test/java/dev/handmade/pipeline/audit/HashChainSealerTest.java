package dev.handmade.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.audit.chain.HashChain;
import dev.handmade.pipeline.sink.objectstore.AvroObjectSink;
import dev.handmade.schema.DeadLetter;
import dev.handmade.storage.ObjectStoreConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashChainSealerTest {

  private final HashChainSealer sealer = new HashChainSealer();

  @Test
  void oneChainNeedsOneWriter() {
    assertThatThrownBy(() -> sealer.start(List.of(), null, "audit", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the hash-chained sink under 'audit/' runs with parallelism 2;"
                + " one chain needs one writer: set it to 1");
  }

  @Test
  void aRescaledWriterContinuesAfterTheNewestRestoredLink() {
    HashChain.Link older = new HashChain.Link(3, "audit/a.avro", "a".repeat(64));
    HashChain.Link newer = new HashChain.Link(7, "audit/b.avro", "b".repeat(64));

    assertThat(sealer.start(Arrays.asList(older, null, newer), null, "audit", 1)).isEqualTo(newer);
  }

  @Test
  void aRecordWithoutAChainHashFieldIsRefusedWhenTheSinkIsBuilt() {
    ObjectStoreConfig config =
        new ObjectStoreConfig("http://127.0.0.1:9000", "k", "secret", "handmade", null, null, null);

    assertThatThrownBy(
            () ->
                AvroObjectSink.builder(DeadLetter.class, sealer)
                    .storeConfig(config)
                    .prefix("dead")
                    .partitioner(l -> "all")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a hash-chained sink needs a chain hash field: ");
  }
}
