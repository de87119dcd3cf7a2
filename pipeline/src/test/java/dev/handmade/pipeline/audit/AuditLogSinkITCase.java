package dev.handmade.pipeline.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.log.AuditLog;
import dev.handmade.audit.log.AuditLogContents;
import dev.handmade.pipeline.support.FailOnceAfterACheckpoint;
import dev.handmade.pipeline.support.TestClusters;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.avro.AvroObjectReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit sink in a real Flink job that fails once mid-stream: every event committed once, in
 * one intact hash chain, which a job submitted afresh afterwards continues.
 */
class AuditLogSinkITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.twoSlots();

  private static final int EVENTS = 2_000;
  private static final Instant START = Instant.parse("2026-11-29T07:40:00Z");

  @Test
  @Timeout(120)
  void everyEventIsCommittedExactlyOnceAcrossAFailure() throws Exception {
    ObjectStore store = S3.newStore();
    Configuration config = TestClusters.restarting(3);
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(2);

    // 250 events a checkpoint, however slow the machine: several checkpoints complete before and
    // after the failure, and the stream cannot end before the failure is due
    DataGeneratorSource<AuditEvent> events =
        new DataGeneratorSource<>(
            (GeneratorFunction<Long, AuditEvent>) AuditLogSinkITCase::event,
            EVENTS,
            RateLimiterStrategy.perCheckpoint(250),
            TypeInformation.of(AuditEvent.class));
    env.fromSource(events, WatermarkStrategy.noWatermarks(), "events")
        .map(FailOnceAfterACheckpoint.<AuditEvent>after(300, store.config()))
        .sinkTo(AuditLogSink.builder().storeConfig(store.config()).maxRecordsPerFile(150).build())
        .setParallelism(AuditLogSink.PARALLELISM);

    env.execute("audit sink, failing once");

    assertThat(store.exists(FailOnceAfterACheckpoint.MARKER))
        .as("the failure was injected")
        .isTrue();
    AvroObjectReader<AuditEvent> reader = AvroObjectReader.of(store, AuditEvent.class);
    List<AuditEvent> committed = reader.readAll("audit/");
    Set<String> ids = new HashSet<>();
    committed.forEach(e -> ids.add(e.getEventId()));
    assertThat(committed).hasSize(EVENTS);
    assertThat(ids).hasSize(EVENTS);
    assertThat(store.list("audit/_pending/")).isEmpty();
    List<String> keys = reader.committedKeys("audit/");
    assertThat(keys)
        .allMatch(
            k ->
                k.matches(
                    "audit/dt=2026-11-29/hour=(07|08|09|10)/part-\\d{5}-\\d{10}-\\d{4}-[0-9a-f]{32}\\.avro"));
    for (String key : keys) {
      reader.read(
          key, e -> assertThat(key).startsWith("audit/" + AuditLogSink.partitionOf(e) + "/"));
    }
    AuditLogContents chained = AuditLog.read(store);
    assertThat(chained.verification().problems()).isEmpty();
    assertThat(chained.verification().records()).isEqualTo(EVENTS);

    // a new job, without the first one's state, goes on with the same chain
    StreamExecutionEnvironment again = StreamExecutionEnvironment.getExecutionEnvironment(config);
    again
        .fromSource(
            new DataGeneratorSource<>(
                (GeneratorFunction<Long, AuditEvent>) i -> event(EVENTS + i),
                100,
                TypeInformation.of(AuditEvent.class)),
            WatermarkStrategy.noWatermarks(),
            "more events")
        .sinkTo(AuditLogSink.builder().storeConfig(store.config()).build())
        .setParallelism(AuditLogSink.PARALLELISM);
    again.execute("audit sink, a second job");
    AuditLogContents continued = AuditLog.read(store);
    assertThat(continued.verification().problems()).isEmpty();
    assertThat(continued.events()).hasSize(EVENTS + 100);
    assertThat(continued.events().subList(EVENTS, EVENTS + 100))
        .allMatch(e -> Long.parseLong(e.getEventId().substring("event-".length())) >= EVENTS);
  }

  private static AuditEvent event(long index) {
    return AuditEvent.newBuilder()
        .setEventId("event-" + index)
        .setKind(AuditEventKind.DECISION)
        // five seconds apart: the events span four hourly partitions
        .setRecordedAt(START.plusSeconds(5 * index))
        .build();
  }
}
