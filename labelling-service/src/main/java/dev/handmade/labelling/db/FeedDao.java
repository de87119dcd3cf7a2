package dev.handmade.labelling.db;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The feed of verified and unresolved tasks, in the order their rows became visible.
 * A verification stages its entry; {@link #publish} gives staged entries that have committed
 * their sequences. No writer waits for another: only publishers take turns.
 */
public final class FeedDao {

  /** What every entry is rendered with before it has a sequence; the publisher writes the real one in. */
  public static final String UNNUMBERED_PREFIX = "{\"sequence\":0,";

  /** Keeps publishers, in this process and in others on the same database, one at a time. */
  private static final long PUBLISHER_LOCK = 7302;

  public record Row(long sequence, String entryJson) {}

  /**
   * Stages an entry, rendered as JSON with sequence 0 first, to be published once this
   * transaction commits.
   */
  public void stage(Handle h, String taskId, String outcome, String unnumberedEntryJson) {
    if (!unnumberedEntryJson.startsWith(UNNUMBERED_PREFIX)) {
      throw new IllegalArgumentException("a staged entry starts with " + UNNUMBERED_PREFIX);
    }
    h.createUpdate("insert into feed_pending (task_id, outcome, entry_rest) values (:t, :o, :e)")
        .bind("t", taskId)
        .bind("o", outcome)
        .bind("e", unnumberedEntryJson.substring(UNNUMBERED_PREFIX.length()))
        .execute();
  }

  /**
   * Numbers up to {@code max} staged entries that have committed and moves them into the feed.
   * Run it alone in its transaction and commit at once: the advisory lock, taken in its own
   * statement, makes the next publisher wait for this commit, and that publisher's statements
   * (each with a fresh snapshot under READ COMMITTED) then see these sequences before numbering
   * after them. So sequences become visible in order. Returns how many were published.
   */
  public int publish(Handle h, int max) {
    h.execute("select pg_advisory_xact_lock(" + PUBLISHER_LOCK + ")");
    return h.createUpdate(
            """
                        with moved as (
                            delete from feed_pending
                            where pending_id in (select pending_id from feed_pending order by pending_id limit :max)
                            returning pending_id, task_id, outcome, entry_rest
                        ), numbered as (
                            select m.*, (select coalesce(max(sequence), 0) from feed)
                                        + row_number() over (order by m.pending_id) as sequence
                            from moved m
                        )
                        insert into feed (sequence, task_id, outcome, entry)
                        select sequence, task_id, outcome, cast('{"sequence":' || sequence || ',' || entry_rest as json)
                        from numbered""")
        .bind("max", max)
        .execute();
  }

  public List<Row> after(Handle h, long after, int limit) {
    return h.createQuery(
            "select sequence, entry::text as entry from feed where sequence > :after "
                + "order by sequence limit :limit")
        .bind("after", after)
        .bind("limit", limit)
        .map((rs, ctx) -> new Row(rs.getLong("sequence"), rs.getString("entry")))
        .list();
  }

  public long lastSequence(Handle h) {
    return h.createQuery("select coalesce(max(sequence), 0) from feed").mapTo(Long.class).one();
  }

  /** Entries staged and not yet published. */
  public long pending(Handle h) {
    return h.createQuery("select count(*) from feed_pending").mapTo(Long.class).one();
  }
}
