package dev.handmade.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.chain.HashChain;
import dev.handmade.pipeline.sink.objectstore.AvroObjectSink;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.storage.ObjectStoreConfig;
import java.time.Instant;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class AuditLogSinkTest {

  @Test
  void partitionsByTheUtcHourTheEventWasRecordedIn() {
    assertThat(AuditLogSink.partitionOf(event("2026-11-29T08:15:00Z")))
        .isEqualTo("dt=2026-11-29/hour=08");
    assertThat(AuditLogSink.partitionOf(event("2026-11-29T23:59:59.999Z")))
        .isEqualTo("dt=2026-11-29/hour=23");
    assertThat(AuditLogSink.partitionOf(event("2026-11-30T00:00:00Z")))
        .isEqualTo("dt=2026-11-30/hour=00");
  }

  @Test
  void writesUnderAuditAndSurvivesJavaSerialization() throws Exception {
    ObjectStoreConfig config =
        new ObjectStoreConfig("http://127.0.0.1:9000", "k", "secret", "handmade", null, null, null);

    AvroObjectSink<AuditEvent, HashChain.Link> sink = AuditLogSink.create(config);
    AvroObjectSink<AuditEvent, HashChain.Link> shipped =
        InstantiationUtil.clone(sink, getClass().getClassLoader());

    assertThat(sink.prefix()).isEqualTo("audit");
    assertThat(shipped.partitioner().partition(event("2026-11-29T08:15:00Z")))
        .isEqualTo("dt=2026-11-29/hour=08");
  }

  static AuditEvent event(String recordedAt) {
    return AuditEvent.newBuilder()
        .setEventId("e")
        .setKind(AuditEventKind.DECISION)
        .setRecordedAt(Instant.parse(recordedAt))
        .build();
  }
}
