package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.AuditLogs;
import dev.handmade.labelling.support.AuditedService;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.storage.S3ProxyExtension;
import dev.handmade.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The auditor's endpoints on a real service reading a hash-chained audit log and a model
 * registry from an in-process S3 server, with the pay ledger of labellers who answered through
 * the service: the report counts machine and people decisions and the labour, provenance names
 * labellers only by pseudonym, and the endpoints are for auditors and admins alone.
 */
class AuditResourceITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  static AuditedService service;
  static Api api;
  static String auditor;
  static String labeller;
  static String firstLabellerId;
  static String secondLabellerId;

  @BeforeAll
  static void start() {
    service = new AuditedService(S3);
    api = service.api();
    auditor = service.auditorToken();
    labeller = service.labellerToken();
    firstLabellerId = service.firstLabellerId();
    secondLabellerId = service.secondLabellerId();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void theAuditorGetsTheReportOfTheLogAndTheLedger() {
    Api.Response response = api.get("/api/audit/report", auditor);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode report = response.json();
    assertThat(report.at("/chain/intact").asBoolean()).as(report.at("/chain").toString()).isTrue();
    assertThat(report.at("/sources/auditFiles").asLong()).isEqualTo(2);
    assertThat(report.at("/sources/decisions").asLong()).isEqualTo(3);
    assertThat(report.at("/sources/humanLabels").asLong()).isEqualTo(2);
    assertThat(report.at("/sources/modelVersions").asLong()).isEqualTo(3);
    assertThat(report.at("/decisions/overall/machine").asLong()).isEqualTo(2);
    assertThat(report.at("/decisions/overall/people").asLong()).isEqualTo(1);
    assertThat(report.at("/labour/totals/tasks").asLong()).isEqualTo(2);
    assertThat(report.at("/labour/totals/labellers").asInt()).isEqualTo(2);
    assertThat(report.at("/labour/totals/pieceCents").asLong()).isEqualTo(2 * AuditLogs.PAY_CENTS);
    assertThat(report.at("/labour/totals/activeHours").asDouble())
        .isCloseTo(2 * AuditLogs.ACTIVE_MILLIS / 3_600_000.0, offset(1e-6));
    assertThat(report.at("/sources/labour").asText()).contains("pay ledger", "2 labeller-days");
    assertThat(response.body()).doesNotContain(firstLabellerId, secondLabellerId);

    assertThat(api.get("/api/audit/report", RunningService.ADMIN).status()).isEqualTo(200);
  }

  @Test
  void theReportComesAsOneHtmlPage() {
    Api.Response page = api.get("/api/audit/report.html", auditor);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).startsWith("<!").contains("<svg").doesNotContain(firstLabellerId);
    // the same page, though not always the same bytes: the live report is rebuilt once its snapshot
    // ages
    assertThat(api.get("/api/audit/report?format=html", auditor).body())
        .startsWith("<!")
        .contains("<svg");

    Api.Response bad = api.get("/api/audit/report?format=pdf", auditor);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("format");
  }

  @Test
  void labellersAndThePipelineMayNotRead() {
    for (String path :
        new String[] {
          "/api/audit/report", "/api/audit/report.html", "/api/audit/frames/" + AuditLogs.BY_PEOPLE
        }) {
      Api.Response asLabeller = api.get(path, labeller);
      assertThat(asLabeller.status()).as(path).isEqualTo(403);
      assertThat(asLabeller.json().get("error").asText()).contains("labeller");
      assertThat(api.get(path, RunningService.PIPELINE).status()).as(path).isEqualTo(403);
      assertThat(api.get(path, null).status()).as(path).isEqualTo(401);
    }
  }

  @Test
  void aFrameDecidedByPeopleShowsTheirPseudonymsTimeAndPay() {
    Api.Response response = api.get("/api/audit/frames/" + AuditLogs.BY_PEOPLE, auditor);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonNode frame = response.json();
    JsonNode decision = frame.get("decision");
    assertThat(decision.get("madeBy").asText()).isEqualTo("HUMAN");
    assertThat(decision.get("label").asText()).isEqualTo("PEDESTRIAN");
    assertThat(decision.get("machineOpinion").asText()).isEqualTo("CYCLIST");
    assertThat(decision.get("decidedAt").asText()).isEqualTo("2026-11-29T09:00:30Z");

    Pseudonyms pseudonyms = Pseudonyms.withKey(AuditedService.PSEUDONYM_KEY);
    JsonNode answers = decision.get("answers");
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).get("labeller").asText()).isEqualTo(pseudonyms.of(firstLabellerId));
    assertThat(answers.get(1).get("labeller").asText()).isEqualTo(pseudonyms.of(secondLabellerId));
    assertThat(answers.get(0).get("activeSeconds").asDouble()).isEqualTo(20.0);
    assertThat(answers.get(0).get("payCents").asLong()).isEqualTo(AuditLogs.PAY_CENTS);
    assertThat(response.body()).doesNotContain(firstLabellerId, secondLabellerId);

    assertThat(frame.get("labels")).hasSize(1);
    assertThat(frame.get("trainedVersions").toString()).isEqualTo("[\"v2\"]");
    assertThat(frame.get("inheritedBy").toString()).isEqualTo("[\"v3\"]");
  }

  @Test
  void aFrameDecidedByTheMachineShowsTheModel() {
    JsonNode decision =
        api.get("/api/audit/frames/" + AuditLogs.CONFIDENT, RunningService.ADMIN)
            .json()
            .get("decision");
    assertThat(decision.get("madeBy").asText()).isEqualTo("MACHINE");
    assertThat(decision.get("route").asText()).isEqualTo("CONFIDENT");
    assertThat(decision.get("modelVersion").asText()).isEqualTo("v1");
    assertThat(decision.get("confidence").asDouble()).isCloseTo(0.97, offset(1e-6));
  }

  @Test
  void anUnknownFrameIsNotFoundAndABadIdIsRefused() {
    Api.Response unknown = api.get("/api/audit/frames/f-never-seen", auditor);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("field").asText()).isEqualTo("frameId");
    assertThat(unknown.json().get("error").asText()).contains("f-never-seen");

    Api.Response bad = api.get("/api/audit/frames/%20bad", auditor);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("frameId");
  }

  @Test
  void withoutAnAuditLogTheEndpointsSayItIsNotConfigured() {
    try (TestDatabase other = new TestDatabase();
        RunningService plain = new RunningService(other, c -> {})) {
      String token = plain.api().newAccount(RunningService.ADMIN, "auditor", "auditor");
      for (String path :
          new String[] {"/api/audit/report", "/api/audit/report.html", "/api/audit/frames/f-1"}) {
        Api.Response response = plain.api().get(path, token);
        assertThat(response.status()).as(path).isEqualTo(503);
        assertThat(response.json().get("error").asText()).as(path).contains("not configured");
      }
      assertThat(plain.api().get("/health", null).status()).isEqualTo(200);
    }
  }
}
