package dev.handmade.pipeline.sink.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.pipeline.sink.objectstore.AvroObjectSink;
import dev.handmade.schema.DeadLetter;
import dev.handmade.storage.ObjectStoreConfig;
import java.time.Instant;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class DeadLetterSinkTest {

  @Test
  void partitionsByTheUtcDayTheLetterWasRecordedOn() {
    assertThat(DeadLetterSink.partitionOf(letter("2026-11-29T00:00:00Z")))
        .isEqualTo("dt=2026-11-29");
    assertThat(DeadLetterSink.partitionOf(letter("2026-11-29T23:59:59Z")))
        .isEqualTo("dt=2026-11-29");
  }

  @Test
  void writesUnderDeadLettersAndSurvivesJavaSerialization() throws Exception {
    ObjectStoreConfig config =
        new ObjectStoreConfig("http://127.0.0.1:9000", "k", "secret", "handmade", null, null, null);

    AvroObjectSink<DeadLetter, Void> shipped =
        InstantiationUtil.clone(
            DeadLetterSink.builder().storeConfig(config).maxRecordsPerFile(10).build(),
            getClass().getClassLoader());

    assertThat(shipped.prefix()).isEqualTo("dead-letters");
    assertThat(shipped.maxRecordsPerFile()).isEqualTo(10);
    assertThat(shipped.partitioner().partition(letter("2026-11-29T08:00:00Z")))
        .isEqualTo("dt=2026-11-29");
  }

  private static DeadLetter letter(String recordedAt) {
    return DeadLetter.newBuilder()
        .setOrigin("test")
        .setStage("decode")
        .setReason("r")
        .setRecordedAt(Instant.parse(recordedAt))
        .build();
  }
}
