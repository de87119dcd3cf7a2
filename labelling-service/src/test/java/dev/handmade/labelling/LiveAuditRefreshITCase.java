package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.audit.chain.HashChain;
import dev.handmade.audit.log.AuditLog;
import dev.handmade.labelling.core.LiveAudit;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.AuditedService;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.MachineProvenance;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.S3ProxyExtension;
import java.time.Instant;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The auditor's live report brought up to date from the audit files committed since its last
 * refresh: a new file is counted in, and an old file replaced since it was read is named.
 */
class LiveAuditRefreshITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void countsNewFilesInAndNamesAnOldOneReplaced() throws Exception {
    try (AuditedService service = new AuditedService(S3)) {
      Api api = service.api();
      ObjectStore store = service.store();
      JsonNode first = api.get("/api/audit/report", service.auditorToken()).json();
      assertThat(first.at("/sources/auditFiles").asLong()).isEqualTo(2);
      assertThat(first.at("/sources/decisions").asLong()).isEqualTo(3);

      String key = "audit/dt=2026-11-29/hour=10/part-00000-0000000003-0000-test.avro";
      store.putBytes(
          key,
          HashChain.seal(
                  List.of(decision("f-machine-2")),
                  AuditEvent.getClassSchema(),
                  key,
                  HashChain.head(store, AuditLog.PREFIX),
                  CodecFactory.nullCodec())
              .bytes());
      Thread.sleep(LiveAudit.SNAPSHOT_TTL.toMillis() + 100);
      JsonNode second = api.get("/api/audit/report", service.auditorToken()).json();
      assertThat(second.at("/chain/intact").asBoolean())
          .as(second.at("/chain").toString())
          .isTrue();
      assertThat(second.at("/sources/auditFiles").asLong()).isEqualTo(3);
      assertThat(second.at("/sources/decisions").asLong()).isEqualTo(4);
      assertThat(second.at("/decisions/overall/machine").asLong()).isEqualTo(3);

      String old = store.list("audit/").get(0);
      store.putBytes(old, store.getBytes(key));
      Thread.sleep(LiveAudit.SNAPSHOT_TTL.toMillis() + 100);
      JsonNode third = api.get("/api/audit/report", service.auditorToken()).json();
      assertThat(third.at("/chain/intact").asBoolean()).isFalse();
      assertThat(third.at("/chain/problems/0").asText())
          .startsWith(old + " (chain position 0) was altered");
    }
  }

  private static AuditEvent decision(String frameId) {
    Instant at = Instant.parse("2026-11-29T10:00:00Z");
    Decision d =
        Decision.newBuilder()
            .setFrameId(frameId)
            .setLabel(ObjectClass.CAR)
            .setRoute(Route.CONFIDENT)
            .setMadeBy(DecisionMaker.MACHINE)
            .setMachine(
                MachineProvenance.newBuilder()
                    .setModelVersion("v2")
                    .setConfidence(0.97f)
                    .setUncertainty(0.03f)
                    .setThreshold(0.9f)
                    .build())
            .setDecidedAt(at)
            .setSource("simulator")
            .setVehicleId("sim-vehicle-1")
            .build();
    return AuditEvent.newBuilder()
        .setEventId("decision:" + frameId)
        .setKind(AuditEventKind.DECISION)
        .setRecordedAt(at)
        .setDecision(d)
        .build();
  }
}
