package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.config.ServiceConfig;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.labelling.support.TestClock;
import dev.handmade.testsupport.TestDatabase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The wage floor: with a piece rate that pays below the floor at the labellers' speed, settling
 * the day brings every labeller-day to the floor exactly, once, and only after the day has ended.
 */
class WageFloorITCase {

  private static final long FLOOR = 1200;
  private static final long PIECE = 2;
  private static final long AUDIT_PIECE = 100;
  private static final Consumer<ServiceConfig.Builder> PAY =
      c ->
          c.set("pay.pieceRateCents", PIECE)
              .set("pay.minimumHourlyCents", FLOOR)
              .set("lease.duration", "10m");

  /** A labeller who spends {@code millisPerTask} of active time on each of {@code tasks} tasks. */
  record Slow(String name, long millisPerTask, int tasks) {
    long activeMillis() {
      return millisPerTask * tasks;
    }
  }

  // 2 cents a task at these speeds is 48 to 160 cents an hour, far under 12.00
  private static final List<Slow> SLOW =
      List.of(
          new Slow("slow-a", 150_001, 3),
          new Slow("slow-b", 100_000, 2),
          new Slow("slow-c", 45_000, 4));

  @Test
  void topUpsBringEveryLabellerDayToTheFloorExactlyAndOnce() throws Exception {
    // noon, so that the work cannot straddle a midnight; a day ahead of the real date, so that only
    // the service's clock, not the database's, can have put the work on this day
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    TestClock clock = new TestClock(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    try (TestDatabase db = new TestDatabase();
        RunningService s = new RunningService(db, clock, PAY)) {
      Api api = s.api();
      String a = RunningService.ADMIN;
      assertThat(
              api.post(
                      "/api/piece-rates",
                      a,
                      "{\"taskKind\":\"audit\",\"cents\":" + AUDIT_PIECE + ",\"currency\":\"EUR\"}")
                  .status())
          .isEqualTo(201);
      StringJoiner tasks = new StringJoiner(",");
      // audit tasks first in the queue, for the one labeller paid above the floor
      tasks.add(Frames.task("audit-1", "audit", 10, null, null));
      tasks.add(Frames.task("audit-2", "audit", 10, null, null));
      for (int i = 0; i < 9; i++) {
        tasks.add(Frames.uncertain("wf-" + i, 1));
      }
      api.intake(RunningService.PIPELINE, tasks.toString());
      String auditor = api.newAccount(a, "wf-auditor", "auditor");

      Map<String, String> tokens = new HashMap<>();
      String fast = api.newAccount(a, "fast", "labeller");
      // 2 × 1.00 in a minute is 120.00 an hour: no top-up
      work(api, db, fast, 30_000, "audit-1");
      work(api, db, fast, 30_000, "audit-2");
      for (Slow labeller : SLOW) {
        String token = api.newAccount(a, labeller.name(), "labeller");
        tokens.put(labeller.name(), token);
        for (int i = 0; i < labeller.tasks(); i++) {
          work(api, db, token, labeller.millisPerTask(), null);
        }
      }

      // the day is not over: it cannot be settled, nor a later one
      expectBadDay(api.post("/api/pay/settle?day=" + day, a, ""));
      expectBadDay(api.post("/api/pay/settle?day=" + day.plusDays(1), a, ""));
      expectBadDay(api.post("/api/pay/settle", a, ""));
      expectBadDay(api.post("/api/pay/settle?day=yesterday", a, ""));
      assertThat(
              api.post("/api/pay/settle?day=" + day.minusDays(1), tokens.get("slow-a"), "")
                  .status())
          .isEqualTo(403);
      assertThat(api.post("/api/pay/settle?day=" + day.minusDays(1), auditor, "").status())
          .isEqualTo(403);
      assertThat(api.get("/api/pay/days", tokens.get("slow-a")).status()).isEqualTo(403);
      JsonNode unsettled = api.get("/api/pay/days?from=" + day + "&to=" + day, auditor).json();
      assertThat(unsettled.get("days")).hasSize(4);
      assertThat(unsettled.get("days").findValuesAsText("settled")).containsOnly("false");
      assertThat(unsettled.get("days").findValuesAsText("topUpCents")).containsOnly("0");

      clock.advance(Duration.ofDays(1));
      JsonNode settled = api.post("/api/pay/settle?day=" + day, a, "").json();
      assertThat(settled.get("labellerDays").asInt()).isEqualTo(4);
      assertThat(settled.get("topUpsAdded").asInt()).isEqualTo(3);
      assertThat(settled.get("minimumHourlyCents").asLong()).isEqualTo(FLOOR);

      // the admin's view names labellers by id; the auditor's is the same under pseudonyms
      JsonNode report = api.get("/api/pay/days?from=" + day + "&to=" + day, a).json();
      JsonNode audited = api.get("/api/pay/days?from=" + day + "&to=" + day, auditor).json();
      assertThat(audited.get("days")).hasSize(4);
      assertThat(audited.get("days").findValuesAsText("labellerId"))
          .allMatch(id -> id.startsWith("L-"));
      assertThat(report.get("minimumHourlyCents").asLong()).isEqualTo(FLOOR);
      Map<String, JsonNode> rows = byLabeller(api, report);
      assertThat(rows).hasSize(4);
      long toppedUp = 0;
      for (Slow labeller : SLOW) {
        JsonNode row = rows.get(labeller.name());
        long activeMillis = row.get("activeMillis").asLong();
        assertThat(activeMillis).isEqualTo(labeller.activeMillis());
        long piece = PIECE * labeller.tasks();
        long floorOfDay =
            BigDecimal.valueOf(FLOOR * activeMillis)
                .divide(BigDecimal.valueOf(3_600_000), 0, RoundingMode.CEILING)
                .longValueExact();
        String what = labeller.name() + ": " + row;
        assertThat(row.get("pieceCents").asLong()).as(what).isEqualTo(piece);
        assertThat(row.get("earningsCents").asLong()).as(what).isEqualTo(floorOfDay);
        assertThat(row.get("topUpCents").asLong()).as(what).isEqualTo(floorOfDay - piece);
        assertThat(row.get("pieceHourlyCents").asLong()).as(what).isLessThan(FLOOR);
        assertThat(row.get("effectiveHourlyCents").asLong()).as(what).isGreaterThanOrEqualTo(FLOOR);
        assertThat(row.get("settled").asBoolean()).as(what).isTrue();
        toppedUp += floorOfDay - piece;
      }
      // 450.003 s at 12.00 an hour is 150.001 cents: rounded up to 1.51 in all
      assertThat(rows.get("slow-a").get("earningsCents").asLong()).isEqualTo(151);
      assertThat(settled.get("topUpCentsAdded").asLong()).isEqualTo(toppedUp);
      JsonNode fastRow = rows.get("fast");
      assertThat(fastRow.get("topUpCents").asLong()).isZero();
      assertThat(fastRow.get("earningsCents").asLong()).isEqualTo(2 * AUDIT_PIECE);

      // the labeller's own ledger shows the top-up as an entry of its own, and the day before and
      // after it
      String slowA = me(api, tokens.get("slow-a"));
      JsonNode ledger =
          api.get(
                  "/api/labellers/" + slowA + "/ledger?from=" + day + "&to=" + day,
                  tokens.get("slow-a"))
              .json();
      assertThat(ledger.get("entries").findValuesAsText("entryType"))
          .containsExactly("top_up", "piece", "piece", "piece");
      JsonNode topUp = ledger.get("entries").get(0);
      assertThat(topUp.get("amountCents").asLong()).isEqualTo(151 - 6);
      assertThat(topUp.get("taskId").isNull()).isTrue();
      assertThat(topUp.get("day").asText()).isEqualTo(day.toString());
      JsonNode ledgerDay = ledger.get("days").get(0);
      assertThat(ledgerDay.get("pieceCents").asLong()).isEqualTo(6);
      assertThat(ledgerDay.get("topUpCents").asLong()).isEqualTo(145);
      assertThat(ledgerDay.get("earningsCents").asLong()).isEqualTo(151);
      assertThat(ledgerDay.get("tasks").asLong()).isEqualTo(3);
      // the new day starts from nothing
      JsonNode today = api.get("/api/me/today", tokens.get("slow-a")).json();
      assertThat(today.get("day").asText()).isEqualTo(day.plusDays(1).toString());
      assertThat(today.get("earningsCents").asLong()).isZero();

      // settling again pays nobody twice
      JsonNode again = api.post("/api/pay/settle?day=" + day, a, "").json();
      assertThat(again.get("topUpsAdded").asInt()).isZero();
      assertThat(again.get("topUpCentsAdded").asLong()).isZero();
      assertThat(api.get("/api/pay/days?from=" + day + "&to=" + day, auditor).json())
          .isEqualTo(audited);
    }
  }

  @Test
  void aDayThatEndedWhileTheServiceWasDownIsSettledWhenItStarts() throws Exception {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    TestClock clock = new TestClock(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
    try (TestDatabase db = new TestDatabase()) {
      String token;
      try (RunningService s = new RunningService(db, clock, PAY)) {
        s.api().intake(RunningService.PIPELINE, Frames.uncertain("late", 1));
        token = s.api().newAccount(RunningService.ADMIN, "night-shift", "labeller");
        work(s.api(), db, token, 90_000, "late");
      }
      clock.advance(Duration.ofDays(1));
      try (RunningService s = new RunningService(db, clock, PAY)) {
        Api api = s.api();
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () ->
                    api.get("/api/pay/days?from=" + day + "&to=" + day, RunningService.ADMIN)
                        .json()
                        .get("days")
                        .get(0)
                        .get("settled")
                        .asBoolean());
        JsonNode row =
            api.get("/api/pay/days?from=" + day + "&to=" + day, RunningService.ADMIN)
                .json()
                .get("days")
                .get(0);
        // 90 s at 12.00 an hour is 30 cents exactly
        assertThat(row.get("earningsCents").asLong()).isEqualTo(30);
        assertThat(row.get("topUpCents").asLong()).isEqualTo(30 - PIECE);
        assertThat(row.get("labellerId").asText()).isEqualTo(me(api, token));
      }
    }
  }

  /**
   * Leases the next task and answers it after {@code activeMillis} of work. The server clamps active time
   * to how long the lease was held, so the lease is moved back in time rather than held for minutes.
   */
  private static void work(
      Api api, TestDatabase db, String token, long activeMillis, String expectedTask)
      throws Exception {
    Api.Response lease = api.lease(token);
    assertThat(lease.status()).as(lease.body()).isEqualTo(200);
    if (expectedTask != null) {
      assertThat(lease.json().get("taskId").asText()).isEqualTo(expectedTask);
    }
    long leaseId = lease.json().get("leaseId").asLong();
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "update lease set leased_at = leased_at - ? * interval '1 millisecond' where lease_id = ?")) {
      s.setLong(1, activeMillis + 1000);
      s.setLong(2, leaseId);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
    Api.Response answer = api.answer(token, leaseId, "car", activeMillis);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("activeMillis").asLong()).isEqualTo(activeMillis);
  }

  private static void expectBadDay(Api.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("field").asText()).isEqualTo("day");
  }

  private static Map<String, JsonNode> byLabeller(Api api, JsonNode report) {
    Map<String, String> names = new HashMap<>();
    for (JsonNode l : api.get("/api/labellers", RunningService.ADMIN).json()) {
      names.put(l.get("labellerId").asText(), l.get("name").asText());
    }
    Map<String, JsonNode> rows = new HashMap<>();
    for (JsonNode row : report.get("days")) {
      rows.put(names.get(row.get("labellerId").asText()), row);
    }
    return rows;
  }

  private static String me(Api api, String token) {
    return api.get("/api/me", token).json().get("labellerId").asText();
  }
}
