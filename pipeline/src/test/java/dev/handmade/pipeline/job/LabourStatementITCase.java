package dev.handmade.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.handmade.audit.chain.HashChain;
import dev.handmade.audit.labour.PayLedgerClient;
import dev.handmade.audit.log.AuditLog;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.audit.report.Wilson;
import dev.handmade.audit.statement.LabourStatement;
import dev.handmade.audit.statement.LabourStatement.LabellerDay;
import dev.handmade.audit.statement.LabourStatementCheck;
import dev.handmade.audit.statement.LabourStatements;
import dev.handmade.pipeline.simulation.SimulatedLabellers;
import dev.handmade.pipeline.source.simulator.SimulatedFrames;
import dev.handmade.pipeline.support.LoopJobs;
import dev.handmade.pipeline.support.RunningLabellingService;
import dev.handmade.schema.AuditEvent;
import dev.handmade.schema.Decision;
import dev.handmade.schema.DecisionMaker;
import dev.handmade.schema.HumanLabel;
import dev.handmade.schema.LabelOutcome;
import dev.handmade.schema.LabellerAnswer;
import dev.handmade.schema.ModelVersion;
import dev.handmade.schema.Route;
import dev.handmade.schema.TaskKind;
import dev.handmade.storage.ObjectStore;
import dev.handmade.storage.ObjectStoreConfig;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.storage.avro.AvroObjectReader;
import dev.handmade.storage.registry.ModelRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.file.CodecFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Labour statements of versions the loop publishes: the labelling service writes one per version
 * beside it in the registry; each is checked here against the raw audit log and the pay ledger,
 * record by record, with code of this test's own; and {@link LabourStatementCheck} (what {@code
 * verify} runs) passes them, then names an edited statement, an edited page and a rewritten log.
 */
class LabourStatementITCase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  @Test
  void eachStatementReconcilesWithTheLogAndTheLedgerAndVerifyCatchesEdits() throws Exception {
    ObjectStore store = S3.newStore();
    ObjectStoreConfig bucket = store.config();
    ModelRegistry registry = new ModelRegistry(store);
    LabourInput ledger;
    try (RunningLabellingService service =
            new RunningLabellingService(
                c ->
                    c.set("audit.s3Endpoint", bucket.endpoint())
                        .set("audit.s3Bucket", bucket.bucket())
                        .set("audit.s3AccessKey", bucket.accessKey())
                        .set("audit.s3SecretKey", bucket.secretKey()));
        SimulatedLabellers crowd =
            SimulatedLabellers.start(
                service.baseUrl(),
                RunningLabellingService.ADMIN_TOKEN,
                SimulatedLabellers.simulatorTruth(),
                new SimulatedLabellers.Crowd(6, 0.95, 4, 0.005, 5))) {
      Configuration options = new Configuration();
      options.set(PipelineOptions.MIN_FIRST_TRAINING, 60);
      options.set(PipelineOptions.RETRAIN_EVERY_LABELS, 60);
      options.set(PipelineOptions.TRAINING_EPOCHS, 3);
      options.set(PipelineOptions.REGISTRY_POLL_INTERVAL, Duration.ofMillis(500));
      JobClient job =
          LoopJobs.start(
              SimulatedFrames.source(29, 100_000, 10, 0),
              service,
              store.config(),
              options,
              new Configuration(),
              500,
              "labour statements");
      // v1 stated again after v2 superseded it, and v2 stated: two versions, one with a parent and
      // a live period
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  statement(store, "v1").map(s -> s.supersededBy() != null).orElse(false)
                      && statement(store, "v2").isPresent());
      job.cancel().get();
      ledger =
          PayLedgerClient.fetch(
              service.baseUrl(),
              RunningLabellingService.ADMIN_TOKEN,
              LocalDate.now(ZoneOffset.UTC).minusDays(1),
              LocalDate.now(ZoneOffset.UTC));
    }

    List<AuditEvent> log = AuditLog.read(store).events();
    Map<String, ModelVersion> versions = new HashMap<>();
    registry.list().forEach(v -> versions.put(v.getVersion(), v));
    for (String version : List.of("v1", "v2")) {
      LabourStatement s = statement(store, version).orElseThrow();
      reconcile(s, log, versions, ledger, store);
      System.out.printf("%s: %s%n", version, new String(s.toJson(), StandardCharsets.UTF_8));
    }

    LabourStatementCheck.Result intact = LabourStatementCheck.check(store, AuditLog.read(store));
    assertThat(intact.problems()).isEmpty();
    assertThat(intact.checked()).contains("v1", "v2");

    // a statement edited: one figure
    byte[] original = store.getBytes(LabourStatements.jsonKey("v2"));
    ObjectNode edited = (ObjectNode) JSON.readTree(original);
    ((ObjectNode) edited.get("direct"))
        .put("pieceCents", edited.get("direct").get("pieceCents").asLong() - 40);
    store.putBytes(LabourStatements.jsonKey("v2"), JSON.writeValueAsBytes(edited));
    assertThat(LabourStatementCheck.check(store, AuditLog.read(store)).problems())
        .anyMatch(p -> p.contains("labour statement of v2: direct.pieceCents says"))
        .anyMatch(
            p ->
                p.contains(
                    LabourStatements.markdownKey("v2") + " is not the page its statement renders"));
    store.putBytes(LabourStatements.jsonKey("v2"), original);

    // its page edited alone
    byte[] page = store.getBytes(LabourStatements.markdownKey("v1"));
    store.putBytes(
        LabourStatements.markdownKey("v1"),
        new String(page, StandardCharsets.UTF_8)
            .replaceFirst("\\| verified human labels \\| \\d+", "| verified human labels | 9999")
            .getBytes(StandardCharsets.UTF_8));
    assertThat(LabourStatementCheck.check(store, AuditLog.read(store)).problems())
        .containsExactly(
            LabourStatements.markdownKey("v1")
                + " is not the page its statement renders: it was edited");
    store.putBytes(LabourStatements.markdownKey("v1"), page);
    assertThat(LabourStatementCheck.check(store, AuditLog.read(store)).problems()).isEmpty();

    // the log rewritten whole by someone who can write the bucket, with one answer's pay lowered:
    // its own
    // chain is intact, but it no longer holds the heads the statements were computed from
    String trainedOn = versions.get("v1").getTrainingFrameIds().get(0);
    List<AuditEvent> rewritten = new ArrayList<>();
    for (AuditEvent e : log) {
      AuditEvent copy = AuditEvent.newBuilder(e).setChainHash(null).build();
      if (copy.getLabel() != null && copy.getLabel().getFrameId().equals(trainedOn)) {
        copy.getLabel().getAnswers().get(0).setPayCents(0L);
      }
      rewritten.add(copy);
    }
    AvroObjectReader.committedKeys(store, AuditLog.PREFIX).forEach(store::delete);
    String key = "audit/dt=2026-11-30/hour=00/part-00000-0000000001-0000-rewritten.avro";
    store.putBytes(
        key,
        HashChain.seal(
                rewritten,
                AuditEvent.getClassSchema(),
                key,
                HashChain.Link.start(),
                CodecFactory.deflateCodec(6))
            .bytes());
    var afterRewrite = AuditLog.read(store);
    assertThat(afterRewrite.verification().problems())
        .as("the rewritten log's own chain")
        .isEmpty();
    assertThat(LabourStatementCheck.check(store, afterRewrite).problems())
        .anyMatch(
            p ->
                p.startsWith(
                        "the labour statement of v1 was computed from the audit log up to chain hash")
                    && p.endsWith(
                        "which the log no longer holds: records were cut off the end of the chain, or it was"
                            + " rewritten"));
  }

  /**
   * One statement against the raw records: its head is a record of the log; its labels are the verified labels
   * of the version's training frames up to that head; its answers, labellers, hours and pay theirs (and the
   * trainer's own record's); its labeller-days the ledger's, with the top-ups shared as it says; its decisions
   * while live and audit samples those of the frames routed under the version.
   */
  private static void reconcile(
      LabourStatement s,
      List<AuditEvent> log,
      Map<String, ModelVersion> versions,
      LabourInput ledger,
      ObjectStore store) {
    int head = -1;
    for (int i = 0; i < log.size(); i++) {
      if (s.auditLog().hash().equals(log.get(i).getChainHash())) {
        head = i;
      }
    }
    assertThat(head).as("%s's head is a record of the log", s.version()).isNotNegative();
    assertThat(s.auditLog().records()).isEqualTo(head + 1L);
    assertThat(store.exists(s.auditLog().file())).isTrue();
    List<AuditEvent> prefix = log.subList(0, head + 1);
    Map<String, HumanLabel> labels = new HashMap<>();
    for (AuditEvent e : prefix) {
      HumanLabel l = e.getLabel();
      if (l != null
          && l.getOutcome() == LabelOutcome.VERIFIED
          && l.getLabel() != null
          && l.getKind() != TaskKind.GOLD) {
        labels.putIfAbsent(l.getFrameId(), l);
      }
    }
    Pseudonyms pseudonyms = Pseudonyms.withKey(s.ledger().pseudonymSalt());
    ZoneId zone = ZoneId.of(s.ledger().timeZone());
    Map<String, LabellerDay> stated = new HashMap<>();
    s.labellerDays().forEach(d -> stated.put(d.labeller() + "/" + d.day(), d));
    Map<String, LabourInput.LabellerDay> paid = new HashMap<>();
    ledger.days().forEach(d -> paid.put(pseudonyms.of(d.labellerId()) + "/" + d.day(), d));

    long labelsAll = 0;
    long answersAll = 0;
    long millisAll = 0;
    long piecesAll = 0;
    double topUpsAll = 0;
    Set<String> labellersAll = new HashSet<>();
    Map<String, Map<String, Long>> answersByDay = new TreeMap<>();
    assertThat(s.lineage().get(0)).isEqualTo(s.version());
    for (String version : s.lineage()) {
      ModelVersion v = versions.get(version);
      long answers = 0;
      long millis = 0;
      long pieces = 0;
      Set<String> labellers = new HashSet<>();
      Map<String, Long> byDay = new TreeMap<>();
      for (String frameId : v.getTrainingFrameIds()) {
        HumanLabel label = labels.get(frameId);
        assertThat(label)
            .as("the verified label of %s, which %s was trained on", frameId, version)
            .isNotNull();
        for (LabellerAnswer a : label.getAnswers()) {
          answers++;
          millis += a.getActiveMillis();
          pieces += a.getPayCents();
          labellers.add(a.getLabellerId());
          String day =
              pseudonyms.of(a.getLabellerId()) + "/" + LocalDate.ofInstant(a.getAnsweredAt(), zone);
          byDay.merge(day, 1L, Long::sum);
          answersByDay.computeIfAbsent(day, k -> new TreeMap<>()).merge(version, 1L, Long::sum);
        }
      }
      // the trainer's own record of the version's labour agrees with the log
      assertThat(v.getLabour().getHumanLabels()).isEqualTo(v.getTrainingFrameIds().size());
      assertThat(v.getLabour().getCostCents()).isEqualTo(pieces);
      assertThat(v.getLabour().getActiveHours()).isCloseTo(millis / 3_600_000.0, within(1e-9));
      assertThat(Set.copyOf(v.getLabour().getLabellerIds())).isEqualTo(labellers);
      double topUp = 0;
      for (Map.Entry<String, Long> day : byDay.entrySet()) {
        LabellerDay row = stated.get(day.getKey());
        LabourInput.LabellerDay ledgerRow = paid.get(day.getKey());
        assertThat(row)
            .as("labeller-day %s in the statement of %s", day.getKey(), s.version())
            .isNotNull();
        assertThat(ledgerRow).as("labeller-day %s in the pay ledger", day.getKey()).isNotNull();
        assertThat(row.answersByVersion().get(version)).isEqualTo(day.getValue());
        long answered = answersOf(s, day.getKey());
        // the ledger only grows: the statement quotes it as it was then, when it held these answers
        // already
        assertThat(row.tasks()).isBetween(answered, ledgerRow.tasks());
        if (row.settled()) {
          assertThat(ledgerRow.settled()).isTrue();
          assertThat(row.topUpCents()).isEqualTo(ledgerRow.topUpCents());
        } else {
          assertThat(row.topUpCents()).as("no top-up before a day is settled").isZero();
        }
        topUp += (double) row.topUpCents() * day.getValue() / Math.max(row.tasks(), answered);
      }
      if (version.equals(s.version())) {
        assertThat(s.direct().humanLabels()).isEqualTo(v.getTrainingFrameIds().size());
        assertThat(s.direct().answers()).isEqualTo(answers);
        assertThat(s.direct().labellers()).isEqualTo(labellers.size());
        assertThat(s.direct().activeHours()).isCloseTo(millis / 3_600_000.0, within(1e-9));
        assertThat(s.direct().pieceCents()).isEqualTo(pieces);
        assertThat(s.direct().topUpCents()).isCloseTo(topUp, within(0.005));
      }
      labelsAll += v.getTrainingFrameIds().size();
      answersAll += answers;
      millisAll += millis;
      piecesAll += pieces;
      topUpsAll += topUp;
      labellersAll.addAll(labellers);
    }
    assertThat(s.lineage()).hasSize(Integer.parseInt(s.version().substring(1)));
    assertThat(s.throughParents().humanLabels()).isEqualTo(labelsAll);
    assertThat(s.throughParents().answers()).isEqualTo(answersAll);
    assertThat(s.throughParents().labellers()).isEqualTo(labellersAll.size());
    assertThat(s.throughParents().activeHours()).isCloseTo(millisAll / 3_600_000.0, within(1e-9));
    assertThat(s.throughParents().pieceCents()).isEqualTo(piecesAll);
    assertThat(s.throughParents().topUpCents()).isCloseTo(topUpsAll, within(0.005));
    assertThat(s.labellerDays()).hasSize(answersByDay.size());

    Map<String, HumanLabel> verdicts = new HashMap<>();
    for (AuditEvent e : prefix) {
      HumanLabel l = e.getLabel();
      if (l != null
          && l.getKind() == TaskKind.AUDIT
          && l.getOutcome() == LabelOutcome.VERIFIED
          && l.getLabel() != null) {
        verdicts.putIfAbsent(l.getFrameId(), l);
      }
    }
    long machine = 0;
    long people = 0;
    long samples = 0;
    long agreed = 0;
    for (AuditEvent e : prefix) {
      Decision d = e.getDecision();
      if (d == null || !s.version().equals(versionInCharge(d))) {
        continue;
      }
      if (d.getMadeBy() == DecisionMaker.MACHINE) {
        machine++;
      } else {
        people++;
      }
      HumanLabel verdict = verdicts.get(d.getFrameId());
      if (d.getRoute() == Route.AUDIT_SAMPLE && verdict != null) {
        samples++;
        agreed += verdict.getLabel() == d.getLabel() ? 1 : 0;
      }
    }
    assertThat(s.whileLive().machine()).isEqualTo(machine);
    assertThat(s.whileLive().people()).isEqualTo(people);
    assertThat(s.auditSampleAccuracy()).isEqualTo(Wilson.proportion(s.version(), samples, agreed));
    if (s.supersededBy() != null) {
      assertThat(s.whileLive().total())
          .as("%s decided frames while it was in charge", s.version())
          .isPositive();
    }
  }

  private static long answersOf(LabourStatement s, String day) {
    return s.labellerDays().stream()
        .filter(d -> (d.labeller() + "/" + d.day()).equals(day))
        .flatMap(d -> d.answersByVersion().values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  /** The version whose routing sent the frame where it went: the machine's, or the opinion people were not shown. */
  private static String versionInCharge(Decision d) {
    if (d.getMachine() != null) {
      return d.getMachine().getModelVersion();
    }
    return d.getHuman() != null && d.getHuman().getMachineOpinion() != null
        ? d.getHuman().getMachineOpinion().getModelVersion()
        : null;
  }

  private static Optional<LabourStatement> statement(ObjectStore store, String version) {
    return LabourStatements.read(store, version);
  }
}
