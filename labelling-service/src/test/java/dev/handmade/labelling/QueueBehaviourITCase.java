package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.testsupport.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Leases and their expiry, consensus with escalation, gold scoring with set-aside, and pay. */
class QueueBehaviourITCase {

  @Test
  void anExpiredLeaseReturnsTheTaskToTheQueueAndItsAnswerIsRefused() throws Exception {
    try (TestDatabase db = new TestDatabase();
        RunningService s = new RunningService(db, c -> c.set("lease.duration", "1500ms"))) {
      Api api = s.api();
      api.intake(RunningService.PIPELINE, Frames.uncertain("expiring", 1));
      String slow = api.newAccount(RunningService.ADMIN, "slow", "labeller");
      String quick = api.newAccount(RunningService.ADMIN, "quick", "labeller");

      Api.Response first = api.lease(slow);
      assertThat(first.status()).isEqualTo(200);
      long slowLease = first.json().get("leaseId").asLong();
      // k = 1 and the only place is held
      assertThat(api.lease(quick).status()).isEqualTo(204);
      // asking again before expiry gives the same lease back, not a second task
      assertThat(api.lease(slow).json().get("leaseId").asLong()).isEqualTo(slowLease);

      AtomicReference<Api.Response> second = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                Api.Response r = api.lease(quick);
                second.set(r);
                return r.status() == 200;
              });
      assertThat(second.get().json().get("taskId").asText()).isEqualTo("expiring");

      Api.Response late = api.answer(slow, slowLease, "car", 1000);
      assertThat(late.status()).isEqualTo(410);
      assertThat(late.json().get("field").asText()).isEqualTo("leaseId");
      // nobody gets the same task twice, not even after their lease ran out
      assertThat(api.lease(slow).status()).isEqualTo(204);

      assertThat(
              api.answer(quick, second.get().json().get("leaseId").asLong(), "car", 1000).status())
          .isEqualTo(200);
      JsonNode feed = api.feed(RunningService.PIPELINE, 0, 10);
      assertThat(feed.get("entries")).hasSize(1);
      assertThat(feed.get("entries").get(0).get("answers").get(0).get("labellerId").asText())
          .isEqualTo(me(api, quick));
    }
  }

  @Test
  void disagreementEscalatesAndEndsUnresolvedAtTheMost() throws Exception {
    try (TestDatabase db = new TestDatabase();
        RunningService s =
            new RunningService(
                db,
                c -> c.set("consensus.defaultRequiredLabels", 3).set("consensus.maxLabels", 5))) {
      Api api = s.api();
      api.intake(
          RunningService.PIPELINE,
          Frames.uncertain("split", 2) + "," + Frames.uncertain("agreed", 1));
      List<String> labellers = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        labellers.add(api.newAccount(RunningService.ADMIN, "voter-" + i, "labeller"));
      }
      String[] onSplit = {"car", "truck", "tree", "car", "truck"};
      String[] onAgreed = {"car", "car", "truck"};
      for (int i = 0; i < 3; i++) {
        answerTask(api, labellers.get(i), "split", onSplit[i]);
        answerTask(api, labellers.get(i), "agreed", onAgreed[i]);
      }
      JsonNode split = api.get("/api/tasks/split", RunningService.PIPELINE).json();
      assertThat(split.get("state").asText()).isEqualTo("escalated");
      assertThat(split.get("requiredLabels").asInt()).isEqualTo(5);

      JsonNode verified = api.feed(RunningService.PIPELINE, 0, 10).get("entries");
      assertThat(verified).hasSize(1);
      assertThat(verified.get(0).get("taskId").asText()).isEqualTo("agreed");
      assertThat(verified.get(0).get("label").asText()).isEqualTo("car");
      assertThat(verified.get(0).get("agreement").asDouble())
          .isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(verified.get(0).get("answers")).hasSize(3);

      for (int i = 3; i < 5; i++) {
        answerTask(api, labellers.get(i), "split", onSplit[i]);
      }
      JsonNode entries = api.feed(RunningService.PIPELINE, 1, 10).get("entries");
      assertThat(entries).hasSize(1);
      JsonNode unresolved = entries.get(0);
      assertThat(unresolved.get("outcome").asText()).isEqualTo("unresolved");
      assertThat(unresolved.get("label").isNull()).isTrue();
      assertThat(unresolved.get("reason").asText())
          .isEqualTo("no majority after 5 labels: car=2, truck=2, tree=1");
      assertThat(unresolved.get("answers")).hasSize(5);
      assertThat(api.get("/api/tasks/split", RunningService.PIPELINE).json().get("state").asText())
          .isEqualTo("unresolved");
    }
  }

  @Test
  void anEscalationPastTheCrowdEndsUnresolvedAfterItsWait() throws Exception {
    try (TestDatabase db = new TestDatabase();
        RunningService s =
            new RunningService(
                db,
                c ->
                    c.set("consensus.defaultRequiredLabels", 2)
                        .set("consensus.maxLabels", 5)
                        .set("lease.duration", "1s")
                        .set("consensus.escalationWait", "500ms"))) {
      Api api = s.api();
      api.intake(RunningService.PIPELINE, Frames.uncertain("beyond", 1));
      answerTask(api, api.newAccount(RunningService.ADMIN, "one", "labeller"), "beyond", "car");
      answerTask(api, api.newAccount(RunningService.ADMIN, "two", "labeller"), "beyond", "truck");
      assertThat(api.get("/api/tasks/beyond", RunningService.PIPELINE).json().get("state").asText())
          .isEqualTo("escalated");
      // four labels wanted, two labellers in all, both have answered: no one can ever add one
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> api.feed(RunningService.PIPELINE, 0, 10).get("entries").size() == 1);
      JsonNode entry = api.feed(RunningService.PIPELINE, 0, 10).get("entries").get(0);
      assertThat(entry.get("outcome").asText()).isEqualTo("unresolved");
      assertThat(entry.get("label").isNull()).isTrue();
      assertThat(entry.get("answers")).hasSize(2);
      assertThat(entry.get("reason").asText())
          .startsWith("escalated to 4 labels, but after 2 counted answers")
          .endsWith("only 0 labellers who have not seen it and are not set aside remain");
      assertThat(api.get("/api/tasks/beyond", RunningService.PIPELINE).json().get("state").asText())
          .isEqualTo("unresolved");
    }
  }

  @Test
  void goldScoresLabellersAndTheLabelsOfThoseBelowTheThresholdAreSetAside() throws Exception {
    try (TestDatabase db = new TestDatabase();
        RunningService s =
            new RunningService(
                db,
                c ->
                    c.set("gold.rate", 1)
                        .set("gold.minAnswers", 3)
                        .set("gold.accuracyThreshold", 0.7))) {
      Api api = s.api();
      api.intake(
          RunningService.PIPELINE,
          Frames.task("g1", "gold", 1, null, "car")
              + ","
              + Frames.task("g2", "gold", 1, null, "tree")
              + ","
              + Frames.task("real", "uncertain", 1, 2, null));
      String careless = api.newAccount(RunningService.ADMIN, "careless", "labeller");
      String careful = api.newAccount(RunningService.ADMIN, "careful", "labeller");
      String steady = api.newAccount(RunningService.ADMIN, "steady", "labeller");

      // rate 1: each labeller meets every gold task before any other; two gold answers are not yet
      // judged
      for (String answer : new String[] {"truck", "truck"}) {
        Api.Response lease = api.lease(careless);
        assertThat(lease.json().get("taskId").asText()).startsWith("g");
        assertThat(api.answer(careless, lease.json().get("leaseId").asLong(), answer, 500).status())
            .isEqualTo(200);
      }
      answerTask(api, careless, "real", "truck");
      api.intake(RunningService.PIPELINE, Frames.task("g3", "gold", 1, null, "pole"));
      answerTask(api, careless, "g3", "pole");
      // one of three right: set aside, and from now on served nothing but gold tasks, of which none
      // is left
      assertThat(api.lease(careless).status()).isEqualTo(204);

      for (String labeller : List.of(careful, steady)) {
        for (int i = 0; i < 3; i++) {
          Api.Response lease = api.lease(labeller);
          String gold =
              switch (lease.json().get("taskId").asText()) {
                case "g1" -> "car";
                case "g2" -> "tree";
                default -> "pole";
              };
          assertThat(api.answer(labeller, lease.json().get("leaseId").asLong(), gold, 500).status())
              .isEqualTo(200);
        }
        answerTask(api, labeller, "real", "car");
        if (labeller.equals(careful)) {
          // the careless answer, counted when given, is set aside once its labeller fell below
          JsonNode real = api.get("/api/tasks/real", RunningService.ADMIN).json();
          assertThat(real.get("state").asText()).isEqualTo("open");
          assertThat(real.get("countedAnswers").asInt()).isEqualTo(1);
          assertThat(real.get("answers").get(0).get("setAsideReason").asText())
              .isEqualTo("labeller accuracy on gold 0.33 (1 of 3) is below the threshold 0.70");
        }
      }

      JsonNode entries = api.feed(RunningService.PIPELINE, 0, 10).get("entries");
      assertThat(entries).as("gold tasks are not in the feed").hasSize(1);
      JsonNode entry = entries.get(0);
      assertThat(entry.get("label").asText()).isEqualTo("car");
      assertThat(entry.get("answers").findValuesAsText("labellerId"))
          .containsExactly(me(api, careful), me(api, steady));
      assertThat(entry.get("setAside")).hasSize(1);
      assertThat(entry.get("setAside").get(0).get("labellerId").asText())
          .isEqualTo(me(api, careless));
      assertThat(entry.get("setAside").get(0).get("answer").asText()).isEqualTo("truck");
      assertThat(entry.get("setAside").get(0).get("reason").asText())
          .contains("below the threshold");
      // the set-aside labeller is paid for every answer given, gold and the set-aside one alike
      assertThat(api.get("/api/me/today", careless).json().get("tasksDone").asInt()).isEqualTo(4);

      JsonNode labellers = api.get("/api/labellers", RunningService.ADMIN).json();
      for (JsonNode l : labellers) {
        boolean isCareless = l.get("name").asText().equals("careless");
        assertThat(l.get("setAside").asBoolean()).isEqualTo(isCareless);
        assertThat(l.get("goldAnswers").asInt()).isEqualTo(3);
        assertThat(l.get("goldCorrect").asInt()).isEqualTo(isCareless ? 1 : 3);
      }
    }
  }

  @Test
  void everyAnswerIsPaidAtTheRateInForceWithItsClampedActiveTime() throws Exception {
    try (TestDatabase db = new TestDatabase();
        RunningService s = new RunningService(db, c -> c.set("pay.pieceRateCents", 7))) {
      Api api = s.api();
      api.intake(
          RunningService.PIPELINE,
          Frames.uncertain("p1", 3)
              + ","
              + Frames.task("p2", "audit", 2, null, null)
              + ","
              + Frames.uncertain("p3", 1));
      String worker = api.newAccount(RunningService.ADMIN, "worker", "labeller");

      Api.Response first = api.lease(worker);
      long started = System.currentTimeMillis();
      Api.Response paid =
          api.answer(worker, first.json().get("leaseId").asLong(), "car", 3_600_000);
      long held = System.currentTimeMillis() - started;
      assertThat(paid.json().get("payCents").asLong()).isEqualTo(7);
      // an hour claimed, but the lease was held for well under that: clamped to the lease's age
      assertThat(paid.json().get("activeMillis").asLong()).isBetween(0L, held + 1000);

      assertThat(
              api.post(
                      "/api/piece-rates",
                      RunningService.ADMIN,
                      "{\"taskKind\":\"audit\",\"cents\":12,\"currency\":\"EUR\"}")
                  .status())
          .isEqualTo(201);
      Api.Response audit = api.lease(worker);
      assertThat(audit.json().get("taskId").asText()).isEqualTo("p2");
      Api.Response auditPaid = api.answer(worker, audit.json().get("leaseId").asLong(), null, 0);
      assertThat(auditPaid.json().get("payCents").asLong()).isEqualTo(12);
      // can't tell is paid too: the work was done
      JsonNode today = auditPaid.json().get("today");
      assertThat(today.get("tasksDone").asInt()).isEqualTo(2);
      assertThat(today.get("earningsCents").asInt()).isEqualTo(19);

      JsonNode ledger = api.get("/api/labellers/" + me(api, worker) + "/ledger", worker).json();
      assertThat(ledger.get("entries")).hasSize(2);
      assertThat(ledger.get("entries").findValuesAsText("entryType")).containsOnly("piece");
      assertThat(ledger.get("entries").findValuesAsText("taskKind"))
          .containsExactly("audit", "uncertain");
      JsonNode day = ledger.get("days").get(0);
      assertThat(day.get("earningsCents").asLong()).isEqualTo(19);
      assertThat(day.get("tasks").asLong()).isEqualTo(2);
      assertThat(api.get("/api/me/today", worker).json().get("earningsCents").asLong())
          .isEqualTo(19);

      // a released lease gives the task back for others, and its labeller never gets it again
      Api.Response third = api.lease(worker);
      assertThat(
              api.call(
                      "DELETE",
                      "/api/leases/" + third.json().get("leaseId").asLong(),
                      worker,
                      (String) null)
                  .status())
          .isEqualTo(204);
      assertThat(api.lease(worker).status()).isEqualTo(204);
      String other = api.newAccount(RunningService.ADMIN, "other", "labeller");
      // the can't-tell on p2 escalated it (one answer, no majority), so p2 comes first, then p3
      assertThat(api.get("/api/tasks/p2", RunningService.ADMIN).json().get("state").asText())
          .isEqualTo("escalated");
      answerTask(api, other, "p2", "car");
      assertThat(api.lease(other).json().get("taskId").asText()).isEqualTo("p3");
    }
  }

  static void answerTask(Api api, String token, String expectedTask, String answer) {
    Api.Response lease = api.lease(token);
    assertThat(lease.status()).as(lease.body()).isEqualTo(200);
    assertThat(lease.json().get("taskId").asText()).isEqualTo(expectedTask);
    Api.Response r = api.answer(token, lease.json().get("leaseId").asLong(), answer, 2000);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  static String me(Api api, String token) {
    return api.get("/api/me", token).json().get("labellerId").asText();
  }
}
