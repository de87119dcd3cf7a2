package dev.handmade.labelling.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** The piece rates and the pay ledger. Days are counted in the configured time zone. */
public final class PayDao {

  public record Rate(long cents, String currency) {}

  /** One labeller's day: piece pay and top-up apart, and whether the day has been settled. */
  public record DayTotals(
      String labellerId,
      LocalDate day,
      long tasks,
      long activeMillis,
      long pieceCents,
      long topUpCents,
      String currency,
      boolean settled) {
    public long totalCents() {
      return pieceCents + topUpCents;
    }
  }

  public record Entry(
      long entryId,
      String entryType,
      String taskKind,
      String taskId,
      long amountCents,
      String currency,
      long activeMillis,
      LocalDate day,
      long createdAtMillis) {}

  /** What settling needs of one labeller's day. */
  public record DayWork(
      long accountId,
      String labellerId,
      long pieceCents,
      long activeMillis,
      long foreignCurrencyEntries,
      boolean toppedUp) {}

  public boolean anyRate(Handle h) {
    return h.createQuery("select exists (select 1 from piece_rate)").mapTo(Boolean.class).one();
  }

  public void insertRate(Handle h, String taskKind, long cents, String currency, Long setBy) {
    h.createUpdate(
            "insert into piece_rate (task_kind, cents, currency, set_by) values (:k, :c, :cur, :by)")
        .bind("k", taskKind)
        .bind("c", cents)
        .bind("cur", currency)
        .bind("by", setBy)
        .execute();
  }

  /** The newest rate for this kind, else the newest rate for every kind. */
  public Optional<Rate> rateInForce(Handle h, String taskKind) {
    return h.createQuery(
            """
                        select cents, currency from piece_rate
                        where (task_kind = :k or task_kind is null) and effective_from <= now()
                        order by (task_kind is null), effective_from desc, rate_id desc
                        limit 1""")
        .bind("k", taskKind)
        .map((rs, ctx) -> new Rate(rs.getLong("cents"), rs.getString("currency")))
        .findOne();
  }

  public void insertPiece(
      Handle h,
      long accountId,
      String taskKind,
      String taskId,
      long answerId,
      Rate rate,
      long activeMillis,
      LocalDate day) {
    h.createUpdate(
            """
                        insert into pay_entry (account_id, entry_type, task_kind, task_id, answer_id, amount_cents,
                                               currency, active_millis, work_day)
                        values (:a, 'piece', :k, :t, :ans, :cents, :cur, :ms, :day)""")
        .bind("a", accountId)
        .bind("k", taskKind)
        .bind("t", taskId)
        .bind("ans", answerId)
        .bind("cents", rate.cents())
        .bind("cur", rate.currency())
        .bind("ms", activeMillis)
        .bind("day", day)
        .execute();
  }

  /** One labeller's per-day totals between two days, inclusive, newest first. */
  public List<DayTotals> days(Handle h, long accountId, LocalDate from, LocalDate to) {
    return dayTotals(h, "d.account_id = :a and ", from, to, Integer.MAX_VALUE)
        .bind("a", accountId)
        .map(PayDao::dayTotals)
        .list();
  }

  /** Every labeller's per-day totals between two days, inclusive, newest day first. */
  public List<DayTotals> allDays(Handle h, LocalDate from, LocalDate to, int limit) {
    return dayTotals(h, "", from, to, limit).map(PayDao::dayTotals).list();
  }

  /** From the totals the trigger pay_day_totals keeps, one row per labeller and day. */
  private static Query dayTotals(Handle h, String filter, LocalDate from, LocalDate to, int limit) {
    return h.createQuery(
            """
                        select a.labeller_id, d.work_day, d.tasks, d.active_millis as ms, d.piece_cents as piece,
                               d.top_up_cents as top_up, d.currency,
                               exists (select 1 from pay_day_settled s where s.work_day = d.work_day) as settled
                        from pay_day_total d join account a on a.account_id = d.account_id
                        where %s d.work_day between :from and :to
                        order by d.work_day desc, a.labeller_id
                        limit :limit"""
                .formatted(filter))
        .bind("from", from)
        .bind("to", to)
        .bind("limit", limit);
  }

  private static DayTotals dayTotals(ResultSet rs, StatementContext ctx) throws SQLException {
    return new DayTotals(
        rs.getString("labeller_id"),
        rs.getObject("work_day", LocalDate.class),
        rs.getLong("tasks"),
        rs.getLong("ms"),
        rs.getLong("piece"),
        rs.getLong("top_up"),
        rs.getString("currency"),
        rs.getBoolean("settled"));
  }

  public List<Entry> entries(Handle h, long accountId, LocalDate from, LocalDate to, int limit) {
    return h.createQuery(
            """
                        select entry_id, entry_type, task_kind, task_id, amount_cents, currency, active_millis,
                               work_day, (extract(epoch from created_at) * 1000)::bigint as created_ms
                        from pay_entry
                        where account_id = :a and work_day between :from and :to
                        order by entry_id desc limit :limit""")
        .bind("a", accountId)
        .bind("from", from)
        .bind("to", to)
        .bind("limit", limit)
        .map(
            (rs, ctx) ->
                new Entry(
                    rs.getLong("entry_id"),
                    rs.getString("entry_type"),
                    rs.getString("task_kind"),
                    rs.getString("task_id"),
                    rs.getLong("amount_cents"),
                    rs.getString("currency"),
                    rs.getLong("active_millis"),
                    rs.getObject("work_day", LocalDate.class),
                    rs.getLong("created_ms")))
        .list();
  }

  /** Each labeller who worked on the day: piece pay in the given currency, active time, and any top-up. */
  public List<DayWork> dayWork(Handle h, LocalDate day, String currency) {
    return h.createQuery(
            """
                        select e.account_id, a.labeller_id,
                               coalesce(sum(e.amount_cents) filter (where e.entry_type = 'piece'
                                                                    and e.currency = :cur), 0) as piece,
                               coalesce(sum(e.active_millis) filter (where e.entry_type = 'piece'), 0) as ms,
                               count(*) filter (where e.entry_type = 'piece' and e.currency <> :cur) as foreign_entries,
                               bool_or(e.entry_type = 'top_up') as topped_up
                        from pay_entry e join account a on a.account_id = e.account_id
                        where e.work_day = :day
                        group by e.account_id, a.labeller_id
                        order by e.account_id""")
        .bind("day", day)
        .bind("cur", currency)
        .map(
            (rs, ctx) ->
                new DayWork(
                    rs.getLong("account_id"),
                    rs.getString("labeller_id"),
                    rs.getLong("piece"),
                    rs.getLong("ms"),
                    rs.getLong("foreign_entries"),
                    rs.getBoolean("topped_up")))
        .list();
  }

  /** False when the labeller-day already has its top-up: the unique index makes a second one a no-op. */
  public boolean insertTopUp(Handle h, long accountId, LocalDate day, long cents, String currency) {
    return h.createUpdate(
                """
                        insert into pay_entry (account_id, entry_type, amount_cents, currency, work_day)
                        values (:a, 'top_up', :cents, :cur, :day)
                        on conflict (account_id, work_day) where entry_type = 'top_up' do nothing""")
            .bind("a", accountId)
            .bind("cents", cents)
            .bind("cur", currency)
            .bind("day", day)
            .execute()
        == 1;
  }

  public void markSettled(Handle h, LocalDate day, long minimumHourlyCents, String currency) {
    h.createUpdate(
            """
                        insert into pay_day_settled (work_day, minimum_hourly_cents, currency) values (:day, :min, :cur)
                        on conflict (work_day) do update
                        set minimum_hourly_cents = excluded.minimum_hourly_cents, currency = excluded.currency,
                            settled_at = now()""")
        .bind("day", day)
        .bind("min", minimumHourlyCents)
        .bind("cur", currency)
        .execute();
  }

  /** The wage floor each settled day between two days, inclusive, was settled against. */
  public Map<LocalDate, Long> settledFloors(Handle h, LocalDate from, LocalDate to) {
    Map<LocalDate, Long> floors = new HashMap<>();
    h.createQuery(
            """
                        select work_day, minimum_hourly_cents from pay_day_settled
                        where work_day between :from and :to""")
        .bind("from", from)
        .bind("to", to)
        .map(
            (rs, ctx) ->
                Map.entry(
                    rs.getObject("work_day", LocalDate.class), rs.getLong("minimum_hourly_cents")))
        .forEach(e -> floors.put(e.getKey(), e.getValue()));
    return floors;
  }

  /** Days before {@code today} with work on them that have not been settled, oldest first. */
  public List<LocalDate> unsettledDaysBefore(Handle h, LocalDate today) {
    return h.createQuery(
            """
                        select distinct e.work_day from pay_entry e
                        where e.work_day < :today
                          and not exists (select 1 from pay_day_settled s where s.work_day = e.work_day)
                        order by e.work_day""")
        .bind("today", today)
        .mapTo(LocalDate.class)
        .list();
  }
}
