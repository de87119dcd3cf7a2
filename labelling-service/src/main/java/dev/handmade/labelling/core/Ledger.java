package dev.handmade.labelling.core;

import dev.handmade.labelling.api.ContributionsView;
import dev.handmade.labelling.api.LedgerView;
import dev.handmade.labelling.api.PayDaysView;
import dev.handmade.labelling.api.SettlementView;
import dev.handmade.labelling.api.TodaySummary;
import dev.handmade.labelling.api.Wire;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.db.PayDao;
import dev.handmade.schema.TaskKind;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pay: the piece rates in force, each labeller's ledger with their effective hourly wage, and
 * the wage floor. The service's clock, read in the pay time zone, decides which day work belongs
 * to and whether a day has ended, so stamping and settling can never disagree about a day.
 */
public final class Ledger {

  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
  private static final int MAX_ENTRIES = 1000;
  private static final int MAX_REPORT_ROWS = 100_000;

  private final Jdbi jdbi;
  private final PayDao pay;
  private final Clock clock;
  private final ZoneId zone;
  private final String defaultCurrency;
  private final WageFloor floor;

  public Ledger(
      Jdbi jdbi, PayDao pay, Clock clock, ZoneId zone, String defaultCurrency, WageFloor floor) {
    this.jdbi = jdbi;
    this.pay = pay;
    this.clock = clock;
    this.zone = zone;
    this.defaultCurrency = defaultCurrency;
    this.floor = floor;
  }

  /** Puts the configured rate in force when the database has none yet. */
  public void ensureRate(long cents, String currency) {
    jdbi.useTransaction(
        h -> {
          if (!pay.anyRate(h)) {
            pay.insertRate(h, null, cents, currency, null);
          }
        });
  }

  public void setRate(Principal admin, TaskKind kind, long cents, String currency) {
    jdbi.useTransaction(
        h ->
            pay.insertRate(
                h, kind == null ? null : Wire.name(kind), cents, currency, admin.accountId()));
  }

  public TodaySummary today(Principal labeller) {
    return jdbi.withHandle(h -> today(h, labeller));
  }

  TodaySummary today(Handle h, Principal labeller) {
    return today(h, labeller, today());
  }

  TodaySummary today(Handle h, Principal labeller, LocalDate today) {
    List<PayDao.DayTotals> days = pay.days(h, labeller.accountId(), today, today);
    if (days.isEmpty()) {
      return new TodaySummary(today.toString(), 0, 0, 0, 0, 0, defaultCurrency, null, null);
    }
    PayDao.DayTotals d = days.get(0);
    return new TodaySummary(
        today.toString(),
        d.tasks(),
        d.activeMillis(),
        d.pieceCents(),
        d.topUpCents(),
        d.totalCents(),
        d.currency(),
        hourly(d.pieceCents(), d.activeMillis()),
        hourly(d.totalCents(), d.activeMillis()));
  }

  public LedgerView ledger(Principal labeller, LocalDate from, LocalDate to) {
    return jdbi.withHandle(
        h -> {
          List<LedgerView.Day> days =
              pay.days(h, labeller.accountId(), from, to).stream()
                  .map(
                      d ->
                          new LedgerView.Day(
                              d.day().toString(),
                              d.tasks(),
                              d.activeMillis(),
                              d.pieceCents(),
                              d.topUpCents(),
                              d.totalCents(),
                              d.currency(),
                              hourly(d.pieceCents(), d.activeMillis()),
                              hourly(d.totalCents(), d.activeMillis()),
                              d.settled()))
                  .toList();
          List<LedgerView.Entry> entries =
              pay.entries(h, labeller.accountId(), from, to, MAX_ENTRIES).stream()
                  .map(
                      e ->
                          new LedgerView.Entry(
                              e.entryId(),
                              e.entryType(),
                              e.taskKind(),
                              e.taskId(),
                              e.amountCents(),
                              e.currency(),
                              e.activeMillis(),
                              e.day().toString(),
                              e.createdAtMillis()))
                  .toList();
          return new LedgerView(labeller.labellerId(), days, entries);
        });
  }

  /** One labeller's days between two days, inclusive, newest first, each with the wage floor that applies to it. */
  public List<ContributionsView.Day> ownDays(Principal labeller, LocalDate from, LocalDate to) {
    return jdbi.withHandle(
        h -> {
          Map<LocalDate, Long> floors = pay.settledFloors(h, from, to);
          return pay.days(h, labeller.accountId(), from, to).stream()
              .map(
                  d ->
                      new ContributionsView.Day(
                          d.day().toString(),
                          d.tasks(),
                          d.activeMillis(),
                          d.pieceCents(),
                          d.topUpCents(),
                          d.totalCents(),
                          d.currency(),
                          hourly(d.totalCents(), d.activeMillis()),
                          floors.getOrDefault(d.day(), floor.minimumHourlyCents()),
                          d.settled()))
              .toList();
        });
  }

  /** Every labeller-day between two days, inclusive: what the auditors' report reads. */
  public PayDaysView payDays(LocalDate from, LocalDate to) {
    return jdbi.withHandle(
        h -> {
          List<PayDaysView.Row> rows =
              pay.allDays(h, from, to, MAX_REPORT_ROWS).stream()
                  .map(
                      d ->
                          new PayDaysView.Row(
                              d.labellerId(),
                              d.day().toString(),
                              d.tasks(),
                              d.activeMillis(),
                              d.pieceCents(),
                              d.topUpCents(),
                              d.totalCents(),
                              d.currency(),
                              hourly(d.pieceCents(), d.activeMillis()),
                              hourly(d.totalCents(), d.activeMillis()),
                              d.settled()))
                  .toList();
          return new PayDaysView(
              from.toString(), to.toString(), floor.minimumHourlyCents(), defaultCurrency, rows);
        });
  }

  /**
   * Works out the wage-floor top-ups of an ended day and records the day as settled. Settling
   * a day again adds top-ups only for labeller-days that have none yet, so nobody is paid twice.
   */
  public SettlementView settle(LocalDate day) {
    LocalDate today = today();
    if (!day.isBefore(today)) {
      throw Rejection.badInput(
          "day",
          "day "
              + day
              + " has not ended yet in "
              + zone.getId()
              + "; the last day that can be settled is "
              + today.minusDays(1));
    }
    return jdbi.inTransaction(
        h -> {
          List<PayDao.DayWork> work = pay.dayWork(h, day, defaultCurrency);
          int added = 0;
          long addedCents = 0;
          List<String> skipped = new ArrayList<>();
          for (PayDao.DayWork w : work) {
            if (w.foreignCurrencyEntries() > 0) {
              // the floor is in one currency; a day paid partly in another cannot be compared with
              // it
              skipped.add(w.labellerId());
              continue;
            }
            long topUp = floor.topUpCents(w.activeMillis(), w.pieceCents());
            if (topUp > 0
                && !w.toppedUp()
                && pay.insertTopUp(h, w.accountId(), day, topUp, defaultCurrency)) {
              added++;
              addedCents += topUp;
            }
          }
          pay.markSettled(h, day, floor.minimumHourlyCents(), defaultCurrency);
          if (!skipped.isEmpty()) {
            LOG.warn(
                "wage floor: {} left out labellers {}: paid in a currency other than {}",
                day,
                skipped,
                defaultCurrency);
          }
          return new SettlementView(
              day.toString(),
              floor.minimumHourlyCents(),
              defaultCurrency,
              work.size(),
              added,
              addedCents,
              skipped);
        });
  }

  /** Settles every ended day with work on it that has not been settled yet, oldest first. */
  public List<SettlementView> settleEndedDays() {
    List<LocalDate> days = jdbi.withHandle(h -> pay.unsettledDaysBefore(h, today()));
    List<SettlementView> settled = new ArrayList<>();
    for (LocalDate day : days) {
      SettlementView s = settle(day);
      if (s.topUpsAdded() > 0) {
        LOG.info(
            "wage floor: settled {}: {} top-ups, {} cents",
            day,
            s.topUpsAdded(),
            s.topUpCentsAdded());
      }
      settled.add(s);
    }
    return settled;
  }

  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), zone);
  }

  public ZoneId zone() {
    return zone;
  }

  public Clock clock() {
    return clock;
  }

  /** Cents per hour of active time; none before any active time is recorded. */
  static Long hourly(long cents, long activeMillis) {
    if (activeMillis <= 0) {
      return null;
    }
    return Math.round(cents * 3_600_000.0 / activeMillis);
  }
}
