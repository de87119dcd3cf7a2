package dev.handmade.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.audit.chain.HashChain;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.statement.LabourStatementPublisher;
import dev.handmade.audit.statement.LabourStatements;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.AuditEventKind;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.Evaluation;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.LabourSummary;
import dev.handmade.schema.MachineProvenance;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.ObjectClass;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.local.LocalS3Server;
import dev.handmade.storage.registry.ModelRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.CodecFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code handmade verify}, {@code report} and {@code provenance} on a data folder, as a user runs
 * them after {@code handmade up}: the in-process S3 server each starts reads the folder's bucket.
 */
class AuditCommandsITCase {

  private static final String BUCKET = "handmade";
  private static final String ACCESS_KEY = "handmade";
  private static final String SECRET_KEY = "handmade-local-secret";

  @TempDir Path data;
  private final List<String> keys = new ArrayList<>();

  /** Three chained files of machine decisions on frames f-0 .. f-29, written as the job does. */
  @BeforeEach
  void writeAnAuditLog() throws Exception {
    try (LocalS3Server server =
            LocalS3Server.start(data.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        ObjectStore store =
            ObjectStore.builder()
                .endpoint(server.endpoint())
                .accessKey(ACCESS_KEY)
                .secretKey(SECRET_KEY)
                .bucket(BUCKET)
                .build()) {
      store.createBucketIfAbsent();
      HashChain.Link link = HashChain.Link.start();
      for (int file = 0; file < 3; file++) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          events.add(
              decision(
                  "f-" + (10 * file + i),
                  Instant.parse("2026-11-29T08:00:00Z").plusSeconds(10L * file + i)));
        }
        String key = "audit/dt=2026-11-29/hour=08/part-00000-000000000" + file + "-0000-cli.avro";
        HashChain.SealedFile sealed =
            HashChain.seal(
                events, AuditEvent.getClassSchema(), key, link, CodecFactory.deflateCodec(6));
        store.putBytes(key, sealed.bytes());
        link = sealed.next();
        keys.add(key);
      }
    }
  }

  @Test
  void verifyPassesAnIntactLogAndNamesARemovedFile() throws Exception {
    Run intact = run("verify");
    assertThat(intact.status).isZero();
    assertThat(intact.out).contains("3 files, 30 records").contains("intact");

    try (LocalS3Server server =
            LocalS3Server.start(data.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        ObjectStore store =
            ObjectStore.builder()
                .endpoint(server.endpoint())
                .accessKey(ACCESS_KEY)
                .secretKey(SECRET_KEY)
                .bucket(BUCKET)
                .build()) {
      store.delete(keys.get(1));
    }
    Run broken = run("verify");
    assertThat(broken.status).isEqualTo(1);
    assertThat(broken.out)
        .contains(
            "BROKEN: the file at chain position 1, written as " + keys.get(1) + ", was removed");
  }

  @Test
  void verifyChecksEveryVersionsLabourStatementAndNamesAnEditedFigure() throws Exception {
    try (LocalS3Server server =
            LocalS3Server.start(data.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        ObjectStore store =
            ObjectStore.builder()
                .endpoint(server.endpoint())
                .accessKey(ACCESS_KEY)
                .secretKey(SECRET_KEY)
                .bucket(BUCKET)
                .build()) {
      // people labelled t-1 (two answers, 4 s and 5 cents each), and v1 was trained on it
      Instant at = Instant.parse("2026-11-29T08:01:00Z");
      HumanLabel label =
          HumanLabel.newBuilder()
              .setSequence(1)
              .setTaskId("t-1")
              .setFrameId("t-1")
              .setKind(TaskKind.UNCERTAIN)
              .setOutcome(LabelOutcome.VERIFIED)
              .setLabel(ObjectClass.TREE)
              .setAnswers(List.of(answer("l-a1", at), answer("l-b2", at)))
              .setAgreement(1f)
              .setVerifiedAt(at)
              .build();
      String key = "audit/dt=2026-11-29/hour=08/part-00000-0000000003-0000-cli.avro";
      store.putBytes(
          key,
          HashChain.seal(
                  List.of(
                      AuditEvent.newBuilder()
                          .setEventId("label:1")
                          .setKind(AuditEventKind.HUMAN_LABEL)
                          .setRecordedAt(at)
                          .setLabel(label)
                          .build()),
                  AuditEvent.getClassSchema(),
                  key,
                  HashChain.head(store, "audit"),
                  CodecFactory.deflateCodec(6))
              .bytes());
      new ModelRegistry(store)
          .publish(
              ModelVersion.newBuilder()
                  .setTrainingExamples(1)
                  .setTrainingDescription("t")
                  .setEvaluation(
                      Evaluation.newBuilder()
                          .setExamples(1)
                          .setAccuracy(1)
                          .setExpectedCalibrationError(0)
                          .setPerClass(List.of())
                          .setConfusion(List.of())
                          .setEvaluatedOn("held out")
                          .build())
                  .setTemperature(1)
                  .setConfidenceThreshold(0.9)
                  .setTargetAccuracy(0.95)
                  .setLabour(
                      LabourSummary.newBuilder()
                          .setHumanLabels(1)
                          .setLabellerIds(List.of("l-a1", "l-b2"))
                          .setActiveHours(8_000 / 3_600_000.0)
                          .setCostCents(10)
                          .build())
                  .setTrainingFrameIds(List.of("t-1")),
              new byte[] {1});
      LabourInput ledger =
          new LabourInput(
              "test",
              "EUR",
              1_500,
              List.of(new LabourInput.LabellerDay("l-a1", "2026-11-29", 4, 16_000, 20, 40, true)),
              List.of());
      assertThat(
              new LabourStatementPublisher(store, () -> ledger, ZoneOffset.UTC, Clock.systemUTC())
                  .publishDue())
          .containsExactly("v1");
    }
    Run intact = run("verify");
    assertThat(intact.status).isZero();
    assertThat(intact.out)
        .contains("labour statements: 1 checked against the log")
        .contains("intact");

    try (LocalS3Server server =
            LocalS3Server.start(data.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        ObjectStore store =
            ObjectStore.builder()
                .endpoint(server.endpoint())
                .accessKey(ACCESS_KEY)
                .secretKey(SECRET_KEY)
                .bucket(BUCKET)
                .build()) {
      String statement =
          new String(store.getBytes(LabourStatements.jsonKey("v1")), StandardCharsets.UTF_8);
      // l-a1's top-up of 40 cents over 4 tasks, one of them in v1
      assertThat(statement).contains("\"topUpCents\" : 10.0");
      store.putBytes(
          LabourStatements.jsonKey("v1"),
          statement
              .replace("\"topUpCents\" : 10.0", "\"topUpCents\" : 25.0")
              .getBytes(StandardCharsets.UTF_8));
    }
    Run edited = run("verify");
    assertThat(edited.status).isEqualTo(1);
    assertThat(edited.out)
        .contains(
            "BROKEN: the labour statement of v1: direct.topUpCents says 25.0, the audit log"
                + " up to its head gives 10.0");
  }

  @Test
  void reportWritesJsonCsvAndHtml() throws Exception {
    Path out = data.resolve("report");
    Run report = run("report", "--out", out.toString(), "--pseudonym-key", "cli-test-key-0123");
    assertThat(report.status).isZero();
    assertThat(report.out).contains("30 decisions: machine 30 (100.0%), people 0");
    assertThat(Files.readString(out.resolve("report.json"))).contains("\"decisions\" : 30");
    assertThat(Files.readString(out.resolve("report.html"))).contains("<svg");
    assertThat(Files.readAllLines(out.resolve("csv").resolve("decisions.csv")).get(1))
        .isEqualTo("overall,all,30,0,30,1");
  }

  @Test
  void reportAndVerifyWithStateReadOnlyTheNewFilesAndNameAnAlteredOldOne() throws Exception {
    Path state = data.resolve("audit-state.json");
    Run first =
        run("report", "--out", data.resolve("report").toString(), "--state", state.toString());
    assertThat(first.status).isZero();
    assertThat(first.out)
        .contains("read 3 new audit files (30 events) after 0 files")
        .contains("30 decisions");

    try (LocalS3Server server =
            LocalS3Server.start(data.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        ObjectStore store =
            ObjectStore.builder()
                .endpoint(server.endpoint())
                .accessKey(ACCESS_KEY)
                .secretKey(SECRET_KEY)
                .bucket(BUCKET)
                .build()) {
      List<AuditEvent> events = new ArrayList<>();
      for (int i = 30; i < 40; i++) {
        events.add(decision("f-" + i, Instant.parse("2026-11-29T08:01:00Z").plusSeconds(i)));
      }
      String key = "audit/dt=2026-11-29/hour=08/part-00000-0000000003-0000-cli.avro";
      store.putBytes(
          key,
          HashChain.seal(
                  events,
                  AuditEvent.getClassSchema(),
                  key,
                  HashChain.head(store, "audit"),
                  CodecFactory.deflateCodec(6))
              .bytes());
    }
    Run verified = run("verify", "--state", state.toString());
    assertThat(verified.status).isZero();
    assertThat(verified.out)
        .contains("read 1 new audit files (10 events) after 3 files")
        .contains("4 files, 40 records")
        .contains("intact");
    Run second =
        run("report", "--out", data.resolve("report").toString(), "--state", state.toString());
    assertThat(second.out)
        .contains("read 0 new audit files (0 events) after 4 files")
        .contains("40 decisions");

    try (LocalS3Server server =
            LocalS3Server.start(data.resolve("s3"), "127.0.0.1", 0, ACCESS_KEY, SECRET_KEY);
        ObjectStore store =
            ObjectStore.builder()
                .endpoint(server.endpoint())
                .accessKey(ACCESS_KEY)
                .secretKey(SECRET_KEY)
                .bucket(BUCKET)
                .build()) {
      store.putBytes(keys.get(0), store.getBytes(keys.get(2)));
    }
    Run tampered = run("verify", "--state", state.toString());
    assertThat(tampered.status).isEqualTo(1);
    assertThat(tampered.out)
        .contains(
            "BROKEN: "
                + keys.get(0)
                + " (chain position 0) was altered since the"
                + " checkpoint read it");
  }

  @Test
  void provenanceFindsAFrameAndSaysWhenItCannot() throws Exception {
    Run found = run("provenance", "f-17");
    assertThat(found.status).isZero();
    assertThat(found.out).contains("\"frameId\" : \"f-17\"").contains("\"modelVersion\" : \"v3\"");
    assertThat(run("provenance", "no-such-frame").status).isEqualTo(1);
  }

  private static LabellerAnswer answer(String labeller, Instant at) {
    return LabellerAnswer.newBuilder()
        .setLabellerId(labeller)
        .setAnswer(ObjectClass.TREE)
        .setActiveMillis(4_000)
        .setPayCents(5)
        .setAnsweredAt(at)
        .build();
  }

  private static AuditEvent decision(String frameId, Instant at) {
    Decision d =
        Decision.newBuilder()
            .setFrameId(frameId)
            .setLabel(ObjectClass.CAR)
            .setMadeBy(DecisionMaker.MACHINE)
            .setRoute(Route.CONFIDENT)
            .setMachine(
                MachineProvenance.newBuilder()
                    .setModelVersion("v3")
                    .setConfidence(0.98f)
                    .setUncertainty(0.02f)
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

  @Test
  void aTakenPortIsSaidInASentenceThatNamesTheWayOut() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      PrintStream original = System.err;
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int status;
      try {
        status =
            HandmadeCli.commandLine()
                .execute(
                    "report",
                    "--data",
                    data.toString(),
                    "--s3-port",
                    Integer.toString(taken.getLocalPort()));
      } finally {
        System.setErr(original);
      }
      String err = captured.toString(StandardCharsets.UTF_8);
      assertThat(status).isEqualTo(2);
      assertThat(err)
          .contains("port " + taken.getLocalPort() + " is taken")
          .contains("--s3-endpoint http://127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\tat ");
    }
  }

  private record Run(int status, String out) {}

  /** One command on the data folder, with its in-process S3 server on a free port. */
  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", data.toString(), "--s3-port", "0"));
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int status = HandmadeCli.commandLine().execute(all.toArray(String[]::new));
      return new Run(status, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
