package dev.handmade.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handmade.audit.SampleLogs;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The log as it grows, read by a watcher: all of it so far, each file once, and no silent gaps. */
class GrowingAuditLogITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void eachCallAddsTheFilesCommittedSinceInKeyOrder() {
    ObjectStore store = S3.newStore();
    List<AuditEvent> events = SampleLogs.machineDecisions(50);
    GrowingAuditLog log = new GrowingAuditLog(store);
    assertThat(log.events()).isEmpty();

    SampleLogs.writeChained(store, events.subList(0, 30), 10);
    assertThat(log.decisions()).hasSize(30);
    SampleLogs.appendChained(store, events.subList(30, 50), 10);

    assertThat(log.decisions())
        .extracting(Decision::getFrameId)
        .containsExactlyElementsOf(events.stream().map(e -> e.getDecision().getFrameId()).toList());
    assertThat(log.labels()).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadIsAnErrorOnEveryLaterCallNotAGap() {
    ObjectStore store = S3.newStore();
    SampleLogs.writeChained(store, SampleLogs.machineDecisions(10), 10);
    GrowingAuditLog log = new GrowingAuditLog(store);
    assertThat(log.events()).hasSize(10);

    String damaged = "audit/dt=2026-11-29/hour=09/part-00000-0000000002-0000-test.avro";
    store.putBytes(damaged, "not an Avro file".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(log::events)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(damaged);
    assertThatThrownBy(log::decisions).hasMessageContaining(damaged);
  }
}
