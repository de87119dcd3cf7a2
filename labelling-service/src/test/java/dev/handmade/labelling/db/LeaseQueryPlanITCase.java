package dev.handmade.labelling.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handmade.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lease query's cost does not grow with the queue: on a queue 100 times deeper it walks the
 * partial index of tasks with a free place and reads about as many pages as on a shallow one.
 */
class LeaseQueryPlanITCase {

  private static TestDatabase db;
  private static Database database;
  private static Jdbi jdbi;
  private final ObjectMapper mapper = new ObjectMapper();

  @BeforeAll
  static void open() {
    db = new TestDatabase();
    database = Database.open(db.url(), TestDatabase.USER, "", 4);
    jdbi = database.jdbi();
    jdbi.useHandle(
        h ->
            h.execute(
                """
                insert into account (labeller_id, name, role, token_hash)
                select 'labeller-' || i, 'name-' || i, 'labeller', decode(md5(i::text), 'hex')
                from generate_series(1, 41) i"""));
  }

  @AfterAll
  static void close() {
    database.close();
    db.close();
  }

  @Test
  void aQueueOneHundredTimesDeeperCostsTheLeaseQueryNoMorePages() throws Exception {
    addOpenTasks("shallow-", 200);
    Plan shallow = planWithLabellersAtWork();
    addOpenTasks("deep-", 19_800);
    Plan deep = planWithLabellersAtWork();

    assertThat(shallow.indexes()).contains("task_free_idx");
    assertThat(deep.indexes()).contains("task_free_idx");
    // one more level of the index at most, not a walk over the queue
    assertThat(deep.pages()).isLessThanOrEqualTo(shallow.pages() + 10);
  }

  /** The indexes the plan reads and the pages it touched. */
  record Plan(List<String> indexes, long pages) {}

  /**
   * The lease query's plan for labeller 1 while they have met the 20 best tasks and 40 others
   * hold live leases on the next ones; all of it rolled back.
   */
  private Plan planWithLabellersAtWork() throws Exception {
    String json =
        jdbi.inTransaction(
            h -> {
              h.execute(
                  """
                    insert into lease (task_id, account_id, expires_at, state)
                    select task_id, 1, now(), 'answered' from (
                        select task_id from task where state = 'open'
                        order by priority desc, created_at, task_id limit 20) met""");
              h.execute(
                  """
                    insert into lease (task_id, account_id, expires_at)
                    select task_id, 1 + row_number() over (), now() + interval '5 minutes' from (
                        select task_id from task where state = 'open'
                        order by priority desc, created_at, task_id offset 20 limit 40) held""");
              String plan =
                  h.createQuery("explain (analyze, buffers, format json) " + QueueDao.NEXT_TASK)
                      .bind("a", 1L)
                      .mapTo(String.class)
                      .one();
              h.rollback();
              return plan;
            });
    JsonNode top = mapper.readTree(json).get(0).get("Plan");
    List<String> indexes = new ArrayList<>();
    top.findValues("Index Name").forEach(n -> indexes.add(n.asText()));
    return new Plan(
        indexes, top.get("Shared Hit Blocks").asLong() + top.get("Shared Read Blocks").asLong());
  }

  private static void addOpenTasks(String prefix, int n) {
    jdbi.useHandle(
        h -> {
          h.createUpdate(
                  """
                            insert into frame (frame_id, body)
                            select :p || i, '{}'::jsonb from generate_series(1, :n) i""")
              .bind("p", prefix)
              .bind("n", n)
              .execute();
          h.createUpdate(
                  """
                            insert into task (task_id, frame_id, kind, priority, required_labels, state)
                            select :p || i, :p || i, 'uncertain', (i % 97)::float8, 3, 'open'
                            from generate_series(1, :n) i""")
              .bind("p", prefix)
              .bind("n", n)
              .execute();
          h.execute("analyze task");
          h.execute("analyze lease");
        });
  }
}
