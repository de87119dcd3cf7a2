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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What concurrent callers did to the service before: intakes of the same frames in opposite
 * orders deadlocked (500s), one labeller's concurrent lease requests got several live leases.
 * Now: no 5xx, at most one live lease per labeller, no task over its required labels, every
 * acknowledged answer stored and a feed without gaps.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConcurrentCallersITCase {

  static TestDatabase db;
  static RunningService service;
  static Api api;
  static ExecutorService pool;

  @BeforeAll
  static void start() {
    db = new TestDatabase();
    service =
        new RunningService(
            db,
            c ->
                c.set("db.poolSize", 20)
                    .set("consensus.defaultRequiredLabels", 2)
                    .set("lease.duration", "10m"));
    api = service.api();
    pool = Executors.newFixedThreadPool(64);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    service.close();
    db.close();
  }

  @Test
  void intakesOfTheSameFramesInOppositeOrdersNeverFail() throws Exception {
    Map<Integer, Integer> statuses = new TreeMap<>();
    int rounds = 30;
    int callers = 4;
    for (int round = 0; round < rounds; round++) {
      List<String> frames = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        frames.add(Frames.uncertain("order-" + round + "-" + i, 1));
      }
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        List<String> mine = new ArrayList<>(frames);
        if (c % 2 == 1) {
          Collections.reverse(mine);
        } else if (c == 2) {
          Collections.rotate(mine, 7);
        }
        calls.add(() -> api.intake(RunningService.PIPELINE, String.join(",", mine)).status());
      }
      for (int status : all(calls)) {
        statuses.merge(status, 1, Integer::sum);
      }
    }
    System.out.println(
        "concurrent intakes in opposite orders: "
            + rounds * callers
            + " calls, statuses "
            + statuses);
    assertThat(statuses.keySet()).allMatch(s -> s == 200 || s == 201);
    assertThat(scalar("select count(*) from task where task_id like 'order-%'"))
        .isEqualTo(rounds * 20L);
    assertThat(statuses.get(201)).as("one creating call per round").isEqualTo(rounds);
    // leave the queue to the other tests
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "update task set state = 'verified', resolved_at = now() where task_id like 'order-%'");
    }
  }

  @Test
  void oneLabellersConcurrentLeaseRequestsShareOneLease() throws Exception {
    api.intake(RunningService.PIPELINE, tasks("same-", 20, 1));
    String token = api.newAccount(RunningService.ADMIN, "eager", "labeller");
    Map<Integer, Integer> statuses = new TreeMap<>();
    int rounds = 10;
    for (int round = 0; round < rounds; round++) {
      List<Callable<Api.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> api.lease(token));
      }
      Set<Long> leases = new HashSet<>();
      for (Api.Response r : all(calls)) {
        statuses.merge(r.status(), 1, Integer::sum);
        if (r.status() == 200) {
          leases.add(r.json().get("leaseId").asLong());
        }
      }
      assertThat(leases).as("round " + round).hasSize(1);
      assertThat(api.answer(token, leases.iterator().next(), "car", 100).status()).isEqualTo(200);
    }
    System.out.println(
        "8 concurrent leases by one labeller, "
            + rounds
            + " rounds: statuses "
            + statuses
            + ", one lease each round");
    assertThat(statuses.keySet()).allMatch(s -> s == 200 || s == 429);
    assertThat(maxLiveLeasesPerLabeller()).isLessThanOrEqualTo(1);
  }

  @Test
  void sixtyFourLabellersLeaseAndAnswer() throws Exception {
    int tasks = 300;
    api.intake(RunningService.PIPELINE, tasks("crowd-", tasks, 2));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      tokens.add(api.newAccount(RunningService.ADMIN, "crowd-" + i, "labeller"));
    }
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (String token : tokens) {
      workers.add(
          pool.submit(
              () -> {
                go.await();
                while (true) {
                  Api.Response lease = api.lease(token);
                  statuses.merge(lease.status(), 1, Integer::sum);
                  if (lease.status() != 200) {
                    return null;
                  }
                  long leaseId = lease.json().get("leaseId").asLong();
                  String taskId = lease.json().get("taskId").asText();
                  Api.Response answer = api.answer(token, leaseId, "car", 500);
                  statuses.merge(answer.status(), 1, Integer::sum);
                  if (answer.status() == 200) {
                    acknowledged.put(leaseId, taskId);
                  }
                }
              }));
    }
    go.countDown();
    for (Future<?> w : workers) {
      w.get(2, TimeUnit.MINUTES);
    }
    System.out.println(
        "64 labellers: statuses "
            + new TreeMap<>(statuses)
            + ", "
            + acknowledged.size()
            + " answers acknowledged");
    assertThat(statuses.keySet()).allMatch(s -> s < 500);
    // the crowd also takes what other tests of this class left in the queue
    assertThat(acknowledged.values().stream().filter(t -> t.startsWith("crowd-")).count())
        .isEqualTo(tasks * 2L);
    assertThat(maxLiveLeasesPerLabeller()).isLessThanOrEqualTo(1);
    assertThat(
            scalar(
                "select count(*) from task t where (select count(*) from answer a where a.task_id = "
                    + "t.task_id) > t.required_labels or (select count(*) from lease l where l.task_id = t.task_id "
                    + "and l.state in ('active', 'answered')) > t.required_labels"))
        .as("tasks over their labels")
        .isZero();
    assertThat(
            scalar(
                "select count(*) from task t where t.kind <> 'gold' and t.leased <> (select count(*) "
                    + "from lease l where l.task_id = t.task_id and l.state = 'active')"))
        .as("tasks whose count of live leases (kept by a trigger) is off")
        .isZero();
    for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
      assertThat(
              scalar(
                  "select count(*) from answer where lease_id = "
                      + a.getKey()
                      + " and task_id = '"
                      + a.getValue()
                      + "'"))
          .as("answer of lease " + a.getKey())
          .isEqualTo(1);
    }
    List<Long> sequences = new ArrayList<>();
    long after = 0;
    for (JsonNode page;
        (page = api.feed(RunningService.PIPELINE, after, 1000)).get("entries").size() > 0; ) {
      for (JsonNode entry : page.get("entries")) {
        sequences.add(entry.get("sequence").asLong());
      }
      after = page.get("next").asLong();
    }
    for (int i = 0; i < sequences.size(); i++) {
      assertThat(sequences.get(i)).as("feed without gaps").isEqualTo(i + 1L);
    }
    assertThat(scalar("select count(*) from feed where task_id like 'crowd-%'")).isEqualTo(tasks);
    System.out.println(
        "feed: "
            + sequences.size()
            + " entries, sequences 1.."
            + sequences.size()
            + " without gaps");
  }

  private static String tasks(String prefix, int n, int k) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : ",").append(Frames.task(prefix + i, "uncertain", 1, k, null));
    }
    return s.toString();
  }

  private static <T> List<T> all(List<Callable<T>> calls) throws Exception {
    List<T> results = new ArrayList<>();
    for (Future<T> f : pool.invokeAll(calls)) {
      results.add(f.get());
    }
    return results;
  }

  private static long maxLiveLeasesPerLabeller() throws Exception {
    return scalar(
        "select coalesce(max(n), 0) from (select count(*) as n from lease where state = 'active' "
            + "and expires_at > now() group by account_id) x");
  }

  private static long scalar(String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
