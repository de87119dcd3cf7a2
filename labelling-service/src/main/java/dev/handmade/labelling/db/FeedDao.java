package dev.handmade.labelling.db;

import org.jdbi.v3.core.Handle;

import java.util.List;

/** The feed of verified and unresolved tasks, in the order their rows became visible. */
public final class FeedDao {

    public record Row(long sequence, String entryJson) {
    }

    /**
     * Takes the next sequence. The update holds the one row of feed_position until this
     * transaction ends, so the next writer gets its number only after this one has committed:
     * feed rows become visible in sequence order. Call it last in a transaction, to hold the row briefly.
     */
    public long nextSequence(Handle h) {
        return h.createQuery("update feed_position set last_sequence = last_sequence + 1 where id = 1 "
                        + "returning last_sequence")
                .mapTo(Long.class).one();
    }

    public void append(Handle h, long sequence, String taskId, String outcome, String entryJson) {
        h.createUpdate("insert into feed (sequence, task_id, outcome, entry) values (:s, :t, :o, cast(:e as json))")
                .bind("s", sequence).bind("t", taskId).bind("o", outcome).bind("e", entryJson).execute();
    }

    public List<Row> after(Handle h, long after, int limit) {
        return h.createQuery("select sequence, entry::text as entry from feed where sequence > :after "
                        + "order by sequence limit :limit")
                .bind("after", after).bind("limit", limit)
                .map((rs, ctx) -> new Row(rs.getLong("sequence"), rs.getString("entry")))
                .list();
    }

    public long lastSequence(Handle h) {
        return h.createQuery("select last_sequence from feed_position where id = 1").mapTo(Long.class).one();
    }
}
