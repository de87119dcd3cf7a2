package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.audit.labour.PayLedgerClient;
import dev.handmade.audit.report.LabourInput;
import dev.handmade.audit.report.Pseudonyms;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.AuditLogs;
import dev.handmade.labelling.support.AuditedService;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.storage.S3ProxyExtension;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Everything an auditor's token can read, endpoint by endpoint: no labeller id and no labeller's
 * name anywhere, and every labeller it names is named by the pseudonym the audit report uses,
 * so no join of two answers re-identifies anyone.
 */
class AuditorPrivacyITCase {

  @RegisterExtension static final S3ProxyExtension S3 = new S3ProxyExtension();

  private static final Pattern PSEUDONYM = Pattern.compile("L-[0-9a-f]{10}");
  private static final ObjectMapper JSON = new ObjectMapper();

  static AuditedService service;
  static Api api;

  @BeforeAll
  static void start() {
    service = new AuditedService(S3);
    api = service.api();
    api.intake(
        RunningService.PIPELINE,
        Frames.task("priv-done", "uncertain", 1, 2, null)
            + ","
            + Frames.task("priv-open", "uncertain", 1, 3, null));
    for (String name : List.of("Zelda Quux", "Yorick Blancmange")) {
      String token = api.newAccount(RunningService.ADMIN, name, "labeller");
      QueueBehaviourITCase.answerTask(api, token, "priv-done", "car");
      QueueBehaviourITCase.answerTask(api, token, "priv-open", "truck");
    }
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void anAuditorSeesPseudonymsOnlyAndTheReportsOnes() throws Exception {
    Map<String, String> nameById = new HashMap<>();
    for (JsonNode l : api.get("/api/labellers", RunningService.ADMIN).json()) {
      nameById.put(l.get("labellerId").asText(), l.get("name").asText());
    }
    assertThat(nameById).hasSize(4);
    Pseudonyms pseudonyms = Pseudonyms.withKey(AuditedService.PSEUDONYM_KEY);
    Map<String, String> idByPseudonym = new HashMap<>();
    nameById.keySet().forEach(id -> idByPseudonym.put(pseudonyms.of(id), id));

    String auditor = service.auditorToken();
    String report = get("/api/audit/report", auditor);
    Set<String> inReport = pseudonymsIn(report);
    assertThat(inReport).isNotEmpty();

    Map<String, String> answers = new LinkedHashMap<>();
    answers.put("/api/audit/report", report);
    for (String path :
        List.of(
            "/api/me",
            "/api/me/today",
            "/api/labellers",
            "/api/pay/days",
            "/api/pay/days?from=2026-01-01&to=2026-12-31",
            "/api/feed?after=0",
            "/api/queue",
            "/api/tasks/priv-done",
            "/api/tasks/priv-open",
            "/api/tasks/" + AuditLogs.BY_PEOPLE,
            "/api/audit/report?format=html",
            "/api/audit/report.html",
            "/api/audit/frames/" + AuditLogs.BY_PEOPLE,
            "/api/audit/frames/" + AuditLogs.CONFIDENT,
            "/api/audit/frames/" + AuditLogs.AUDITED)) {
      answers.put(path, get(path, auditor));
    }
    List<String> ledgers = new ArrayList<>();
    for (JsonNode l : JSON.readTree(answers.get("/api/labellers"))) {
      ledgers.add(
          "/api/labellers/"
              + l.get("labellerId").asText()
              + "/ledger?from=2026-01-01&to=2026-12-31");
    }
    for (String path : ledgers) {
      answers.put(path, get(path, auditor));
    }

    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, String> answer : answers.entrySet()) {
      String body = answer.getValue();
      for (Map.Entry<String, String> labeller : nameById.entrySet()) {
        assertThat(body)
            .as(answer.getKey() + " names labeller id " + labeller.getKey())
            .doesNotContain(labeller.getKey());
        String name = labeller.getValue();
        if (name.contains(" ")) {
          assertThat(body).as(answer.getKey() + " names " + name).doesNotContain(name);
        } else if (body.startsWith("{") || body.startsWith("[")) {
          // short names ("first") are English words: look for them as values only
          assertThat(textValues(JSON.readTree(body)))
              .as(answer.getKey() + " names " + name)
              .doesNotContain(name);
        }
      }
      Set<String> here = pseudonymsIn(body);
      assertThat(idByPseudonym.keySet())
          .as(answer.getKey() + ": pseudonyms of known labellers only")
          .containsAll(here);
      seen.addAll(here);
    }
    // the ones the report names are the very ones the other endpoints name
    Set<String> payDays = pseudonymsIn(answers.get("/api/pay/days"));
    assertThat(payDays).isNotEmpty();
    assertThat(inReport).containsAll(payDays);
    assertThat(seen)
        .as("every labeller is reachable under a pseudonym")
        .isEqualTo(idByPseudonym.keySet());
    // `handmade report` with an auditor's token: the ledger it reads names the labellers as the
    // report does
    LabourInput ledger =
        PayLedgerClient.fetch(
            api.base(),
            auditor,
            LocalDate.now(ZoneOffset.UTC).minusDays(30),
            LocalDate.now(ZoneOffset.UTC));
    assertThat(ledger.days()).isNotEmpty();
    for (LabourInput.LabellerDay day : ledger.days()) {
      assertThat(pseudonyms.of(day.labellerId())).isEqualTo(day.labellerId());
      assertThat(inReport).contains(day.labellerId());
    }
    // and the gold records it prices verified labels with, under the same pseudonyms
    assertThat(ledger.gold())
        .extracting(LabourInput.LabellerGold::labellerId)
        .containsExactlyInAnyOrderElementsOf(idByPseudonym.keySet());
    assertThat(ledger.source()).contains("gold records of 4 labellers");
    System.out.println(
        "auditor: "
            + answers.size()
            + " answers over "
            + (answers.size() - ledgers.size() + 1)
            + " endpoints, "
            + seen.size()
            + " pseudonyms seen ("
            + inReport.size()
            + " in the report), no labeller id or name");
  }

  @Test
  void theAdminStillSeesIdsAndNames() {
    String labellers = get("/api/labellers", RunningService.ADMIN);
    assertThat(labellers).contains("Zelda Quux").contains(service.firstLabellerId());
    assertThat(get("/api/feed?after=0", RunningService.PIPELINE))
        .contains(service.firstLabellerId());
  }

  private static String get(String path, String token) {
    Api.Response r = api.get(path, token);
    assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

  private static Set<String> pseudonymsIn(String body) {
    Set<String> found = new HashSet<>();
    Matcher m = PSEUDONYM.matcher(body);
    while (m.find()) {
      found.add(m.group());
    }
    return found;
  }

  private static List<String> textValues(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isTextual()) {
      values.add(node.asText());
    }
    node.forEach(child -> values.addAll(textValues(child)));
    return values;
  }
}
