package dev.handmade.labelling.db;

import org.jdbi.v3.core.Handle;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The piece rates and the pay ledger. Days are counted in the configured time zone. */
public final class PayDao {

    public record Rate(long cents, String currency) {
    }

    public record DayTotals(LocalDate day, long tasks, long activeMillis, long amountCents, String currency) {
    }

    public record Entry(long entryId, String entryType, String taskKind, String taskId, long amountCents,
                        String currency, long activeMillis, LocalDate day, long createdAtMillis) {
    }

    public boolean anyRate(Handle h) {
        return h.createQuery("select exists (select 1 from piece_rate)").mapTo(Boolean.class).one();
    }

    public void insertRate(Handle h, String taskKind, long cents, String currency, Long setBy) {
        h.createUpdate("insert into piece_rate (task_kind, cents, currency, set_by) values (:k, :c, :cur, :by)")
                .bind("k", taskKind).bind("c", cents).bind("cur", currency).bind("by", setBy).execute();
    }

    /** The newest rate for this kind, else the newest rate for every kind. */
    public Optional<Rate> rateInForce(Handle h, String taskKind) {
        return h.createQuery("""
                        select cents, currency from piece_rate
                        where (task_kind = :k or task_kind is null) and effective_from <= now()
                        order by (task_kind is null), effective_from desc, rate_id desc
                        limit 1""")
                .bind("k", taskKind)
                .map((rs, ctx) -> new Rate(rs.getLong("cents"), rs.getString("currency"))).findOne();
    }

    public void insertPiece(Handle h, long accountId, String taskKind, String taskId, long answerId, Rate rate,
                            long activeMillis, String zone) {
        h.createUpdate("""
                        insert into pay_entry (account_id, entry_type, task_kind, task_id, answer_id, amount_cents,
                                               currency, active_millis, work_day)
                        values (:a, 'piece', :k, :t, :ans, :cents, :cur, :ms, (now() at time zone :zone)::date)""")
                .bind("a", accountId).bind("k", taskKind).bind("t", taskId).bind("ans", answerId)
                .bind("cents", rate.cents()).bind("cur", rate.currency()).bind("ms", activeMillis)
                .bind("zone", zone).execute();
    }

    public LocalDate today(Handle h, String zone) {
        return h.createQuery("select (now() at time zone :zone)::date").bind("zone", zone)
                .mapTo(LocalDate.class).one();
    }

    /** Per-day totals between two days, inclusive, newest first. */
    public List<DayTotals> days(Handle h, long accountId, LocalDate from, LocalDate to) {
        return h.createQuery("""
                        select work_day, count(*) filter (where entry_type = 'piece') as tasks,
                               coalesce(sum(active_millis), 0) as ms, coalesce(sum(amount_cents), 0) as cents,
                               min(currency) as currency
                        from pay_entry
                        where account_id = :a and work_day between :from and :to
                        group by work_day order by work_day desc""")
                .bind("a", accountId).bind("from", from).bind("to", to)
                .map((rs, ctx) -> new DayTotals(rs.getObject("work_day", LocalDate.class), rs.getLong("tasks"),
                        rs.getLong("ms"), rs.getLong("cents"), rs.getString("currency")))
                .list();
    }

    public List<Entry> entries(Handle h, long accountId, LocalDate from, LocalDate to, int limit) {
        return h.createQuery("""
                        select entry_id, entry_type, task_kind, task_id, amount_cents, currency, active_millis,
                               work_day, (extract(epoch from created_at) * 1000)::bigint as created_ms
                        from pay_entry
                        where account_id = :a and work_day between :from and :to
                        order by entry_id desc limit :limit""")
                .bind("a", accountId).bind("from", from).bind("to", to).bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong("entry_id"), rs.getString("entry_type"),
                        rs.getString("task_kind"), rs.getString("task_id"), rs.getLong("amount_cents"),
                        rs.getString("currency"), rs.getLong("active_millis"),
                        rs.getObject("work_day", LocalDate.class), rs.getLong("created_ms")))
                .list();
    }
}
