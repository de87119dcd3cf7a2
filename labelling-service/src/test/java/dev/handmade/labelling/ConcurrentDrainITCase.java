package dev.handmade.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.handmade.labelling.support.Api;
import dev.handmade.labelling.support.Frames;
import dev.handmade.labelling.support.RunningService;
import dev.handmade.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 64 labellers drain 2,000 tasks over HTTP while the pipeline reads the feed: every task ends
 * with exactly k answers from k distinct labellers, no task is ever held by more labellers than
 * it needs, none is lost, and the feed reader, polling with its cursor while labels commit
 * concurrently, sees every task exactly once in strictly increasing sequence.
 */
class ConcurrentDrainITCase {

  private static final int TASKS = 2000;
  private static final int LABELLERS = 64;
  private static final String[] CLASSES = {
    "car", "truck", "pedestrian", "cyclist", "tree", "pole", "traffic_sign", "other"
  };

  @ParameterizedTest(name = "k = {0}")
  @ValueSource(ints = {1, 3})
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void labellersDrainTheQueue(int k) throws Exception {
    try (TestDatabase db = new TestDatabase();
        RunningService service =
            new RunningService(
                db,
                c ->
                    c.set("consensus.defaultRequiredLabels", k)
                        .set("db.poolSize", 20)
                        .set("lease.duration", "10m"))) {
      Api api = service.api();
      Map<String, String> truth = new HashMap<>();
      for (int from = 0; from < TASKS; from += 250) {
        StringBuilder batch = new StringBuilder();
        for (int i = from; i < from + 250; i++) {
          String frameId = "frame-" + i;
          truth.put(frameId, CLASSES[i % CLASSES.length]);
          batch.append(i > from ? "," : "").append(Frames.uncertain(frameId, (i * 7919) % 1000));
        }
        assertThat(api.intake(RunningService.PIPELINE, batch.toString()).status()).isEqualTo(201);
      }
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < LABELLERS; i++) {
        tokens.add(api.newAccount(RunningService.ADMIN, "labeller-" + i, "labeller"));
      }

      // what the labellers were given: lease id -> task, and per task the labellers holding it now
      Map<Long, String> leases = new ConcurrentHashMap<>();
      Map<String, Set<Integer>> holding = new ConcurrentHashMap<>();
      Map<String, Integer> mostHolders = new ConcurrentHashMap<>();
      AtomicBoolean draining = new AtomicBoolean(true);

      ExecutorService pool = Executors.newFixedThreadPool(LABELLERS + 1);
      Future<List<JsonNode>> reader = pool.submit(() -> readFeedUntil(api, draining));
      List<Future<Integer>> workers = new ArrayList<>();
      for (int i = 0; i < LABELLERS; i++) {
        int labeller = i;
        String token = tokens.get(i);
        workers.add(
            pool.submit(
                () -> {
                  int done = 0;
                  while (true) {
                    Api.Response lease = api.lease(token);
                    if (lease.status() == 204) {
                      return done;
                    }
                    assertThat(lease.status()).as(lease.body()).isEqualTo(200);
                    long leaseId = lease.json().get("leaseId").asLong();
                    String taskId = lease.json().get("taskId").asText();
                    assertThat(leases.put(leaseId, taskId))
                        .as("lease id handed out twice")
                        .isNull();
                    Set<Integer> holders =
                        holding.computeIfAbsent(taskId, t -> ConcurrentHashMap.newKeySet());
                    holders.add(labeller);
                    mostHolders.merge(taskId, holders.size(), Math::max);
                    // leave before answering: once answered, the place may be leased to the next
                    // labeller
                    holders.remove(labeller);
                    Api.Response answer = api.answer(token, leaseId, truth.get(taskId), 1200);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    done++;
                  }
                }));
      }
      int answered = 0;
      for (Future<Integer> w : workers) {
        answered += w.get();
      }
      draining.set(false);
      List<JsonNode> seen = reader.get();
      pool.shutdown();

      assertThat(answered).isEqualTo(TASKS * k);
      assertThat(leases).hasSize(TASKS * k);
      assertThat(mostHolders.values()).allMatch(n -> n <= k);

      // the feed: every task once, strictly increasing, nothing missed by the concurrent reader
      Set<String> tasks = new HashSet<>();
      long last = 0;
      for (JsonNode entry : seen) {
        long sequence = entry.get("sequence").asLong();
        assertThat(sequence).isGreaterThan(last);
        last = sequence;
        assertThat(tasks.add(entry.get("taskId").asText())).as("task seen twice").isTrue();
        assertThat(entry.get("outcome").asText()).isEqualTo("verified");
        assertThat(entry.get("label").asText()).isEqualTo(truth.get(entry.get("taskId").asText()));
        assertThat(entry.get("answers")).hasSize(k);
      }
      assertThat(tasks).isEqualTo(truth.keySet());

      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        assertThat(count(s, "select count(*) from task where state <> 'verified'")).isZero();
        assertThat(
                count(
                    s,
                    "select count(*) from (select task_id from answer group by task_id "
                        + "having count(*) <> "
                        + k
                        + " or count(distinct account_id) <> "
                        + k
                        + ") x"))
            .isZero();
        assertThat(
                count(
                    s,
                    "select count(*) from (select task_id from lease group by task_id "
                        + "having count(*) <> "
                        + k
                        + ") x"))
            .isZero();
        assertThat(count(s, "select count(*) from pay_entry")).isEqualTo(TASKS * k);
      }
    }
  }

  /** Polls with its cursor, as the pipeline does, until the drain is over and the feed has no more. */
  private static List<JsonNode> readFeedUntil(Api api, AtomicBoolean draining) {
    List<JsonNode> seen = new ArrayList<>();
    long cursor = 0;
    while (true) {
      boolean finalRound = !draining.get();
      JsonNode page = api.feed(RunningService.PIPELINE, cursor, 200);
      page.get("entries").forEach(seen::add);
      cursor = page.get("next").asLong();
      if (finalRound && page.get("entries").isEmpty()) {
        return seen;
      }
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
