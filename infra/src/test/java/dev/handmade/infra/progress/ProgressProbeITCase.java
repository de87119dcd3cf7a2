package dev.handmade.infra.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.handmade.audit.chain.HashChain;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.HumanProvenance;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.MachineProvenance;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;
import dev.handmade.storage.registry.ModelRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress line's parts read from a real S3 server and an HTTP queue endpoint, as {@code up}
 * reads them: a resumed log is not counted, new audit files are, the registry's deployed version
 * and last round are named, and a service that stops answering is said to.
 */
class ProgressProbeITCase {

  private static final Instant AT = Instant.parse("2026-11-30T16:42:00Z");
  private static final String TOKEN = "pipeline-token";

  @TempDir Path data;
  private LocalS3Server s3;
  private ObjectStore store;
  private HttpServer service;
  private HashChain.Link link = HashChain.Link.start();

  @BeforeEach
  void start() throws Exception {
    s3 = LocalS3Server.start(data.resolve("s3"), "127.0.0.1", 0, "handmade", "secret-key-0123");
    store =
        ObjectStore.builder()
            .endpoint(s3.endpoint())
            .accessKey("handmade")
            .secretKey("secret-key-0123")
            .bucket("handmade")
            .build();
    store.createBucketIfAbsent();
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext(
        "/api/queue",
        exchange -> {
          boolean allowed =
              ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body =
              (allowed
                      ? "{\"open\":38,\"escalated\":3,\"verified\":900,\"unresolved\":2,"
                          + "\"gold\":10,\"activeLeases\":4,\"feedSequence\":912,\"newCount\":1}"
                      : "{}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(allowed ? 200 : 401, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    service.start();
  }

  @AfterEach
  void stop() throws Exception {
    service.stop(0);
    store.close();
    s3.close();
  }

  @Test
  void readsEveryPartAndNamesWhatItCannot() throws Exception {
    appendAuditFile(5, 5); // a resumed run's log: not this minute's
    ProgressProbe probe =
        new ProgressProbe(
            store,
            "http://127.0.0.1:" + service.getAddress().getPort() + "/",
            TOKEN,
            Clock.fixed(AT, ZoneOffset.UTC));

    assertThat(probe.read().text())
        .isEqualTo(
            "[progress 16:42 UTC] last minute: nothing "
                + "committed to the audit log | no model deployed: everything to people | queue 41 (38 "
                + "open, 3 escalated) | no training round yet");

    appendAuditFile(3, 1);
    appendAuditFile(6, 2);
    ModelRegistry registry = new ModelRegistry(store);
    registry.deploy(registry.publish(draft(0.9), new byte[] {1}).getVersion());
    // as the trainer records it; written as JSON, the record's own form, so that this test does
    // not depend on the record's constructor
    store.putBytes(
        ModelRegistry.ROUNDS + "last.json",
        ("{\"round\": 1, \"started\": \""
                + AT.minusSeconds(90)
                + "\", \"at\": \""
                + AT.minusSeconds(30)
                + "\", \"published\": "
                + "\"v1\", \"threshold\": 0.9, \"verdict\": \"deployed v1, the first model\"}")
            .getBytes(StandardCharsets.UTF_8));
    assertThat(probe.read().text())
        .isEqualTo(
            "[progress 16:42 UTC] last minute: machine 75% "
                + "of 12 decisions (9 machine, 3 people) | model v1 decides above confidence 0.900 "
                + "(target 95%) | queue 41 (38 open, 3 escalated) | round 1 at 16:41: deployed v1, the "
                + "first model");

    service.stop(0);
    ProgressLine line = probe.read();
    assertThat(line.decisions().files()).isZero();
    assertThat(line.text())
        .contains("| queue unknown |")
        .contains("| could not read: queue (http://127.0.0.1:");
  }

  private void appendAuditFile(int machine, int people) {
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < machine + people; i++) {
      String frame = "f-" + link.nextPosition() + "-" + i;
      Decision.Builder d =
          Decision.newBuilder()
              .setFrameId(frame)
              .setLabel(ObjectClass.CAR)
              .setDecidedAt(AT)
              .setSource("simulator")
              .setVehicleId("sim-vehicle-1");
      if (i < machine) {
        d.setMadeBy(DecisionMaker.MACHINE)
            .setRoute(Route.CONFIDENT)
            .setMachine(
                MachineProvenance.newBuilder()
                    .setModelVersion("v1")
                    .setConfidence(0.98f)
                    .setUncertainty(0.02f)
                    .setThreshold(0.9f)
                    .build());
      } else {
        d.setMadeBy(DecisionMaker.HUMAN)
            .setRoute(Route.NO_MODEL)
            .setHuman(
                HumanProvenance.newBuilder()
                    .setTaskId(frame)
                    .setAnswers(List.of())
                    .setAgreement(1f)
                    .build());
      }
      events.add(
          AuditEvent.newBuilder()
              .setEventId("decision:" + frame)
              .setKind(AuditEventKind.DECISION)
              .setRecordedAt(AT)
              .setDecision(d.build())
              .build());
    }
    String key = "audit/dt=2026-11-30/hour=16/part-00000-" + link.nextPosition() + "-0000-t.avro";
    HashChain.SealedFile sealed =
        HashChain.seal(
            events, AuditEvent.getClassSchema(), key, link, CodecFactory.deflateCodec(6));
    store.putBytes(key, sealed.bytes());
    link = sealed.next();
  }

  private static ModelVersion.Builder draft(double threshold) {
    return ModelVersion.newBuilder()
        .setTrainingExamples(150)
        .setTrainingDescription("test")
        .setEvaluation(
            Evaluation.newBuilder()
                .setExamples(10)
                .setAccuracy(0.9)
                .setExpectedCalibrationError(0.02)
                .setPerClass(List.of())
                .setConfusion(List.of())
                .setEvaluatedOn("held out")
                .build())
        .setTemperature(1.0)
        .setConfidenceThreshold(threshold)
        .setTargetAccuracy(0.95)
        .setLabour(
            LabourSummary.newBuilder()
                .setHumanLabels(150)
                .setLabellerIds(List.of("a"))
                .setActiveHours(0.5)
                .setCostCents(500)
                .build())
        .setTrainingFrameIds(List.of("f-1"));
  }
}
