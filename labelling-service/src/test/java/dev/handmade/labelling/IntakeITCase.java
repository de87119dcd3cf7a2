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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Task intake: idempotent by frame id, also under concurrent retries; nothing secret reaches a labeller. */
class IntakeITCase {

  private static TestDatabase db;
  private static RunningService service;
  private static Api api;

  @BeforeAll
  static void start() {
    db = new TestDatabase();
    service = new RunningService(db, c -> {});
    api = service.api();
  }

  @AfterAll
  static void stop() {
    service.close();
    db.close();
  }

  @Test
  void aRetriedBatchCreatesNothingNew() throws Exception {
    String batch =
        Frames.uncertain("idem-1", 1)
            + ","
            + Frames.uncertain("idem-2", 2)
            + ","
            + Frames.task("idem-3", "audit", 3, 2, null);
    Api.Response first = api.intake(RunningService.PIPELINE, batch);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().get("created").asInt()).isEqualTo(3);

    Api.Response retry = api.intake(RunningService.PIPELINE, batch);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().get("created").asInt()).isZero();
    assertThat(retry.json().get("existing").asInt()).isEqualTo(3);

    Api.Response mixed =
        api.intake(
            RunningService.PIPELINE,
            Frames.uncertain("idem-2", 2) + "," + Frames.uncertain("idem-4", 4));
    assertThat(mixed.status()).isEqualTo(201);
    assertThat(mixed.json().get("tasks").findValuesAsText("status"))
        .containsExactly("existing", "created");

    assertThat(count("select count(*) from task where task_id like 'idem-%'")).isEqualTo(4);
    assertThat(count("select count(*) from frame where frame_id like 'idem-%'")).isEqualTo(4);
    assertThat(count("select required_labels from task where task_id = 'idem-3'")).isEqualTo(2);
  }

  @Test
  void concurrentRetriesOfOneBatchCreateEachTaskOnce() throws Exception {
    String batch =
        IntStream.range(0, 50)
            .mapToObj(i -> Frames.uncertain("race-" + i, i))
            .collect(Collectors.joining(","));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Api.Response>> sends = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sends.add(pool.submit(() -> api.intake(RunningService.PIPELINE, batch)));
    }
    int created = 0;
    for (Future<Api.Response> send : sends) {
      Api.Response r = send.get();
      assertThat(r.status()).as(r.body()).isIn(200, 201);
      created += r.json().get("created").asInt();
    }
    pool.shutdown();
    assertThat(created).isEqualTo(50);
    assertThat(count("select count(*) from task where task_id like 'race-%'")).isEqualTo(50);
  }

  @Test
  void aTaskIdTakenByAnotherFrameIsAConflictAndStoresNothing() throws Exception {
    assertThat(
            api.intake(
                    RunningService.PIPELINE,
                    "{\"taskId\":\"shared-task\",\"frameId\":\"shared-a\",\"kind\":\"uncertain\",\"frame\":"
                        + Frames.frame("shared-a", 1)
                        + "}")
                .status())
        .isEqualTo(201);
    Api.Response conflict =
        api.intake(
            RunningService.PIPELINE,
            Frames.uncertain("shared-ok", 1)
                + ",{\"taskId\":\"shared-task\",\"frameId\":\"shared-b\",\"kind\":\"uncertain\",\"frame\":"
                + Frames.frame("shared-b", 2)
                + "}");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("field").asText()).isEqualTo("tasks[1].taskId");
    // the whole batch is one transaction: its valid first task was not stored either
    assertThat(count("select count(*) from frame where frame_id in ('shared-ok', 'shared-b')"))
        .isZero();
  }

  @Test
  void groundTruthGoldAnswersAndMachineOpinionsNeverReachALabeller() throws Exception {
    try (TestDatabase own = new TestDatabase();
        RunningService s = new RunningService(own, c -> c.set("gold.rate", "0.5"))) {
      Api a = s.api();
      assertThat(
              a.intake(
                      RunningService.PIPELINE,
                      Frames.task("secret-g1", "gold", 1, null, "TRUCK")
                          + ","
                          + Frames.task("secret-a1", "audit", 1, null, null)
                          + ","
                          + "{\"frameId\":\"secret-uri\",\"kind\":\"uncertain\",\"frameUri\":\"s3://frames/secret-uri\"}")
                  .status())
          .isEqualTo(201);
      String token = a.newAccount(RunningService.ADMIN, "curious", "labeller");
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Api.Response lease = a.lease(token);
        assertThat(lease.status()).isEqualTo(200);
        String body = lease.body();
        seen.add(lease.json().get("taskId").asText());
        assertThat(body)
            .doesNotContainIgnoringCase("groundTruth")
            .doesNotContainIgnoringCase("gold")
            .doesNotContain("TRUCK")
            .doesNotContain("truck")
            .doesNotContainIgnoringCase("machineOpinion")
            .doesNotContainIgnoringCase("confidence")
            .doesNotContain("\"kind\"");
        JsonNode frame = lease.json().get("frame");
        if (lease.json().get("taskId").asText().equals("secret-uri")) {
          assertThat(lease.json().get("frameUri").asText()).isEqualTo("s3://frames/secret-uri");
        } else {
          assertThat(frame.get("camera").get("width").asInt()).isEqualTo(16);
          assertThat(frame.get("lidar")).hasSize(60);
          assertThat(frame.get("conditions").get("lighting").asText()).isEqualTo("night");
        }
        assertThat(a.answer(token, lease.json().get("leaseId").asLong(), "car", 100).status())
            .isEqualTo(200);
      }
      assertThat(seen).containsExactlyInAnyOrder("secret-g1", "secret-a1", "secret-uri");
      try (Connection c = own.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select count(*) from frame where body::text ilike '%groundTruth%'")) {
        rs.next();
        assertThat(rs.getLong(1)).as("ground truth stored").isZero();
      }
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
