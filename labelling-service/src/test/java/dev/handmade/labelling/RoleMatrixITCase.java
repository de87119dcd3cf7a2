package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Walks every endpoint with no token, a wrong token and each role, and checks who gets in. */
class RoleMatrixITCase {

  private static TestDatabase db;
  private static RunningService service;
  private static Api api;
  private static final Map<String, String> TOKENS = new LinkedHashMap<>();

  record Endpoint(String method, String path, String body, Set<String> allowed) {}

  @BeforeAll
  static void start() {
    db = new TestDatabase();
    service = new RunningService(db, c -> {});
    api = service.api();
    api.intake(
        RunningService.PIPELINE,
        Frames.uncertain("m1", 1)
            + ","
            + Frames.uncertain("m2", 1)
            + ","
            + Frames.uncertain("m3", 1));
    TOKENS.put("labeller", api.newAccount(RunningService.ADMIN, "matrix-labeller", "labeller"));
    TOKENS.put("auditor", api.newAccount(RunningService.ADMIN, "matrix-auditor", "auditor"));
    TOKENS.put("admin", RunningService.ADMIN);
    TOKENS.put("pipeline", RunningService.PIPELINE);
  }

  @AfterAll
  static void stop() {
    service.close();
    db.close();
  }

  @Test
  void everyEndpointLetsInOnlyItsRoles() {
    String labellerId =
        api.get("/api/me", TOKENS.get("labeller")).json().get("labellerId").asText();
    List<Endpoint> endpoints =
        List.of(
            new Endpoint(
                "POST",
                "/api/tasks",
                "{\"tasks\":[" + Frames.uncertain("m1", 1) + "]}",
                Set.of("pipeline", "admin")),
            new Endpoint("GET", "/api/tasks/m1", null, Set.of("pipeline", "admin", "auditor")),
            new Endpoint("GET", "/api/feed?after=0", null, Set.of("pipeline", "admin", "auditor")),
            new Endpoint("GET", "/api/queue", null, Set.of("pipeline", "admin", "auditor")),
            new Endpoint("POST", "/api/leases", "", Set.of("labeller")),
            new Endpoint(
                "POST",
                "/api/leases/999999/answer",
                "{\"answer\":\"car\",\"activeMillis\":1}",
                Set.of("labeller")),
            new Endpoint("DELETE", "/api/leases/999999", null, Set.of("labeller")),
            new Endpoint(
                "GET", "/api/me", null, Set.of("labeller", "auditor", "admin", "pipeline")),
            new Endpoint(
                "GET", "/api/me/today", null, Set.of("labeller", "auditor", "admin", "pipeline")),
            new Endpoint("GET", "/api/me/contributions", null, Set.of("labeller")),
            new Endpoint("GET", "/api/labellers", null, Set.of("admin", "auditor")),
            new Endpoint(
                "GET",
                "/api/labellers/" + labellerId + "/ledger",
                null,
                Set.of("labeller", "admin", "auditor")),
            new Endpoint(
                "POST",
                "/api/accounts",
                "{\"name\":\"made-by-matrix\",\"role\":\"auditor\"}",
                Set.of("admin")),
            new Endpoint(
                "POST", "/api/piece-rates", "{\"cents\":5,\"currency\":\"EUR\"}", Set.of("admin")),
            new Endpoint("POST", "/api/pay/settle?day=2020-01-01", "", Set.of("admin")),
            new Endpoint("GET", "/api/pay/days", null, Set.of("admin", "auditor")));
    List<String> checked = new ArrayList<>();
    for (Endpoint e : endpoints) {
      assertThat(call(e, null).status())
          .as("%s %s without a token", e.method(), e.path())
          .isEqualTo(401);
      assertThat(call(e, "hm_not-a-real-token").status())
          .as("%s %s with a wrong token", e.method(), e.path())
          .isEqualTo(401);
      for (Map.Entry<String, String> role : TOKENS.entrySet()) {
        Api.Response r = call(e, role.getValue());
        String what = e.method() + " " + e.path() + " as " + role.getKey() + ": " + r.body();
        if (e.allowed().contains(role.getKey())) {
          assertThat(r.status()).as(what).isNotIn(401, 403).isLessThan(500);
        } else {
          assertThat(r.status()).as(what).isEqualTo(403);
          assertThat(r.json().get("error").asText()).contains("may not call");
        }
        checked.add(what);
      }
    }
    assertThat(checked).hasSize(endpoints.size() * TOKENS.size());
    // public endpoints need no token
    assertThat(api.get("/health", null).status()).isEqualTo(200);
    assertThat(api.get("/metrics", null).body()).contains("handmade_queue_depth");
    assertThat(api.get("/openapi.yaml", null).body()).startsWith("openapi: 3");
    assertThat(api.get("/labeller.html", null).body()).contains("<canvas id=\"bev\"");
  }

  @Test
  void aLabellerCannotAnswerAnotherLabellersLease() {
    String owner = api.newAccount(RunningService.ADMIN, "lease-owner", "labeller");
    String intruder = api.newAccount(RunningService.ADMIN, "lease-intruder", "labeller");
    Api.Response lease = api.lease(owner);
    long leaseId = lease.json().get("leaseId").asLong();
    assertThat(api.answer(intruder, leaseId, "car", 10).status()).isEqualTo(403);
    assertThat(api.call("DELETE", "/api/leases/" + leaseId, intruder, (String) null).status())
        .isEqualTo(403);
    assertThat(api.answer(owner, leaseId, "car", 10).status()).isEqualTo(200);
  }

  @Test
  void aLabellerReadsOnlyTheirOwnLedger() {
    String me = api.get("/api/me", TOKENS.get("labeller")).json().get("labellerId").asText();
    String otherToken = api.newAccount(RunningService.ADMIN, "ledger-other", "labeller");
    String other = api.get("/api/me", otherToken).json().get("labellerId").asText();
    assertThat(api.get("/api/labellers/" + me + "/ledger", TOKENS.get("labeller")).status())
        .isEqualTo(200);
    assertThat(api.get("/api/labellers/" + other + "/ledger", TOKENS.get("labeller")).status())
        .isEqualTo(403);
    // auditors know labellers by pseudonym only: a real id is nobody to them
    assertThat(api.get("/api/labellers/" + other + "/ledger", TOKENS.get("auditor")).status())
        .isEqualTo(404);
    assertThat(api.get("/api/labellers/" + other + "/ledger", RunningService.ADMIN).status())
        .isEqualTo(200);
    String pseudonym = null;
    for (var l : api.get("/api/labellers", TOKENS.get("auditor")).json()) {
      pseudonym = l.get("labellerId").asText();
    }
    Api.Response byPseudonym =
        api.get("/api/labellers/" + pseudonym + "/ledger", TOKENS.get("auditor"));
    assertThat(byPseudonym.status()).isEqualTo(200);
    assertThat(byPseudonym.json().get("labellerId").asText()).isEqualTo(pseudonym).startsWith("L-");
    assertThat(api.get("/api/labellers/" + other + "/ledger", TOKENS.get("pipeline")).status())
        .isEqualTo(403);
  }

  private static Api.Response call(Endpoint e, String token) {
    return api.call(e.method(), e.path(), token, e.body());
  }
}
