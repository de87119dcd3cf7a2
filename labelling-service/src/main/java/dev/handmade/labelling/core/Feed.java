package dev.handmade.labelling.core;

import dev.handmade.labelling.api.QueueStats;
import dev.handmade.labelling.api.TaskStatus;
import dev.handmade.labelling.api.Wire;
import dev.handmade.labelling.db.FeedDao;
import dev.handmade.labelling.db.QueueDao;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** What the pipeline, admins and auditors read: the feed, task states and the queue's depth. */
public final class Feed {

  public static final int MAX_LIMIT = 1000;

  private final Jdbi jdbi;
  private final FeedDao feed;
  private final QueueDao queue;
  private final FeedPublisher publisher;

  public Feed(Jdbi jdbi, FeedDao feed, QueueDao queue, FeedPublisher publisher) {
    this.jdbi = jdbi;
    this.feed = feed;
    this.queue = queue;
    this.publisher = publisher;
  }

  /**
   * The feed page after a cursor, as JSON. Entries are stored as rendered at commit and sent as
   * stored, so a page read twice is byte-for-byte the same. Entries committed before this call
   * are published first, so the page holds every one of them after the cursor.
   */
  public String pageJson(long after, int limit) {
    if (after < 0) {
      throw Rejection.badInput("after", "must be a sequence, 0 or more");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw Rejection.badInput("limit", "must be 1.." + MAX_LIMIT);
    }
    publisher.publishPending();
    List<FeedDao.Row> rows = jdbi.withHandle(h -> feed.after(h, after, limit));
    StringBuilder json = new StringBuilder("{\"entries\":[");
    for (int i = 0; i < rows.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(rows.get(i).entryJson());
    }
    long next = rows.isEmpty() ? after : rows.get(rows.size() - 1).sequence();
    return json.append("],\"next\":").append(next).append('}').toString();
  }

  public Optional<TaskStatus> task(String taskId) {
    return jdbi.withHandle(
        h ->
            queue
                .task(h, taskId)
                .map(
                    t ->
                        new TaskStatus(
                            t.taskId(),
                            t.frameId(),
                            Wire.taskKindOf(t.kind()),
                            t.priority(),
                            t.requiredLabels(),
                            t.state(),
                            t.countedAnswers(),
                            queue.answers(h, taskId).stream()
                                .map(
                                    a ->
                                        new TaskStatus.AnswerInfo(
                                            a.labellerId(),
                                            a.answer(),
                                            a.counted(),
                                            a.setAsideReason(),
                                            a.activeMillis()))
                                .toList())));
  }

  public QueueStats stats() {
    return jdbi.withHandle(
        h -> {
          Map<String, Long> c = queue.countsByState(h);
          return new QueueStats(
              c.getOrDefault("open", 0L),
              c.getOrDefault("escalated", 0L),
              c.getOrDefault("verified", 0L),
              c.getOrDefault("unresolved", 0L),
              c.getOrDefault("gold", 0L),
              c.getOrDefault("active_leases", 0L),
              feed.lastSequence(h));
        });
  }
}
