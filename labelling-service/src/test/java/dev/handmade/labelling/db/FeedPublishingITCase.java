package dev.handmade.labelling.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handmade.labelling.core.FeedPublisher;
import dev.handmade.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feed's promise to a reader that polls with the last sequence it has seen: it never misses
 * an entry, though writers commit in any order and several publishers (as several service
 * instances would) number entries at once.
 */
class FeedPublishingITCase {

  private static TestDatabase db;
  private static Database database;
  private static Jdbi jdbi;
  private final FeedDao feed = new FeedDao();
  private final QueueDao queue = new QueueDao();

  @BeforeAll
  static void open() {
    db = new TestDatabase();
    database = Database.open(db.url(), TestDatabase.USER, "", 24);
    jdbi = database.jdbi();
  }

  @AfterAll
  static void close() {
    database.close();
    db.close();
  }

  @Test
  void anEntryThatCommitsLateIsNumberedAfterTheOnesAReaderHasSeen() {
    tasks("late-", 2);
    FeedPublisher publisher = new FeedPublisher(jdbi, feed);
    long start = jdbi.withHandle(feed::lastSequence);
    try (Handle slow = jdbi.open()) {
      // the slow writer stages first and commits last
      slow.begin();
      feed.stage(slow, "late-0", "verified", entry("late-0"));
      jdbi.useTransaction(fast -> feed.stage(fast, "late-1", "verified", entry("late-1")));

      assertThat(publisher.publishPending()).as("only what has committed").isEqualTo(1);
      List<FeedDao.Row> first = jdbi.withHandle(h -> feed.after(h, start, 10));
      assertThat(first)
          .extracting(FeedDao.Row::entryJson)
          .containsExactly("{\"sequence\":" + (start + 1) + ",\"taskId\":\"late-1\"}");

      slow.commit();
      assertThat(publisher.publishPending()).isEqualTo(1);
      List<FeedDao.Row> second = jdbi.withHandle(h -> feed.after(h, first.get(0).sequence(), 10));
      assertThat(second)
          .extracting(FeedDao.Row::entryJson)
          .containsExactly("{\"sequence\":" + (start + 2) + ",\"taskId\":\"late-0\"}");
    }
  }

  @Test
  void aPollingReaderSeesEveryEntryOnceWhileWritersCommitOutOfOrder() throws Exception {
    int writers = 12;
    int perWriter = 40;
    tasks("crowd-", writers * perWriter);
    long start = jdbi.withHandle(feed::lastSequence);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 3);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        writes.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perWriter; i++) {
                    String taskId = "crowd-" + (writer * perWriter + i);
                    jdbi.useTransaction(
                        h -> {
                          feed.stage(h, taskId, "verified", entry(taskId));
                          // hold the transaction open a little: commits come in another order than
                          // stages
                          h.execute(
                              "select pg_sleep(?)", ThreadLocalRandom.current().nextDouble(0.004));
                        });
                  }
                  return null;
                }));
      }
      // two publishers, as two instances of the service on one database would run
      List<Future<?>> publishers = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        publishers.add(
            pool.submit(
                () -> {
                  FeedPublisher publisher = new FeedPublisher(jdbi, feed);
                  while (writing.get()) {
                    publisher.publishPending();
                  }
                  publisher.publishPending();
                  return null;
                }));
      }
      Future<List<FeedDao.Row>> reader =
          pool.submit(
              () -> {
                List<FeedDao.Row> read = new ArrayList<>();
                long cursor = start;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (read.size() < writers * perWriter && System.nanoTime() < deadline) {
                  long after = cursor;
                  List<FeedDao.Row> page = jdbi.withHandle(h -> feed.after(h, after, 7));
                  read.addAll(page);
                  if (!page.isEmpty()) {
                    cursor = page.get(page.size() - 1).sequence();
                  }
                }
                return read;
              });
      for (Future<?> w : writes) {
        w.get(2, TimeUnit.MINUTES);
      }
      writing.set(false);
      for (Future<?> p : publishers) {
        p.get(2, TimeUnit.MINUTES);
      }
      List<FeedDao.Row> read = reader.get(2, TimeUnit.MINUTES);

      assertThat(read).hasSize(writers * perWriter);
      Set<String> tasks = new HashSet<>();
      for (int i = 0; i < read.size(); i++) {
        FeedDao.Row row = read.get(i);
        assertThat(row.sequence()).as("the reader's entry %d", i).isEqualTo(start + i + 1);
        assertThat(row.entryJson())
            .startsWith("{\"sequence\":" + row.sequence() + ",\"taskId\":\"crowd-");
        assertThat(tasks.add(row.entryJson().substring(row.entryJson().indexOf("crowd-"))))
            .isTrue();
      }
      assertThat(jdbi.withHandle(feed::pending)).isZero();
    } finally {
      writing.set(false);
      pool.shutdownNow();
    }
  }

  private void tasks(String prefix, int n) {
    jdbi.useTransaction(
        h -> {
          for (int i = 0; i < n; i++) {
            queue.insertTask(
                h,
                new QueueDao.NewTask(
                    prefix + i,
                    "frame-" + prefix + i,
                    "uncertain",
                    1.0,
                    1,
                    null,
                    null,
                    "{}",
                    null));
          }
        });
  }

  private static String entry(String taskId) {
    return FeedDao.UNNUMBERED_PREFIX + "\"taskId\":\"" + taskId + "\"}";
  }
}
