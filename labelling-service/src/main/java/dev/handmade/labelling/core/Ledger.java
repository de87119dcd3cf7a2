package dev.handmade.labelling.core;

import dev.handmade.labelling.api.LedgerView;
import dev.handmade.labelling.api.TodaySummary;
import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.db.PayDao;
import dev.handmade.schema.TaskKind;
import dev.handmade.labelling.api.Wire;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.LocalDate;
import java.util.List;

/** Pay: the piece rates in force and each labeller's ledger, with their effective hourly wage. */
public final class Ledger {

    private static final int MAX_ENTRIES = 1000;

    private final Jdbi jdbi;
    private final PayDao pay;
    private final String timeZone;
    private final String defaultCurrency;

    public Ledger(Jdbi jdbi, PayDao pay, String timeZone, String defaultCurrency) {
        this.jdbi = jdbi;
        this.pay = pay;
        this.timeZone = timeZone;
        this.defaultCurrency = defaultCurrency;
    }

    /** Puts the configured rate in force when the database has none yet. */
    public void ensureRate(long cents, String currency) {
        jdbi.useTransaction(h -> {
            if (!pay.anyRate(h)) {
                pay.insertRate(h, null, cents, currency, null);
            }
        });
    }

    public void setRate(Principal admin, TaskKind kind, long cents, String currency) {
        jdbi.useTransaction(h -> pay.insertRate(h, kind == null ? null : Wire.name(kind), cents, currency,
                admin.accountId()));
    }

    public TodaySummary today(Principal labeller) {
        return jdbi.withHandle(h -> today(h, labeller));
    }

    TodaySummary today(Handle h, Principal labeller) {
        LocalDate today = pay.today(h, timeZone);
        List<PayDao.DayTotals> days = pay.days(h, labeller.accountId(), today, today);
        if (days.isEmpty()) {
            return new TodaySummary(today.toString(), 0, 0, 0, defaultCurrency, null);
        }
        PayDao.DayTotals d = days.get(0);
        return new TodaySummary(today.toString(), d.tasks(), d.activeMillis(), d.amountCents(), d.currency(),
                hourly(d.amountCents(), d.activeMillis()));
    }

    public LedgerView ledger(Principal labeller, LocalDate from, LocalDate to) {
        return jdbi.withHandle(h -> {
            List<LedgerView.Day> days = pay.days(h, labeller.accountId(), from, to).stream()
                    .map(d -> new LedgerView.Day(d.day().toString(), d.tasks(), d.activeMillis(), d.amountCents(),
                            d.currency(), hourly(d.amountCents(), d.activeMillis())))
                    .toList();
            List<LedgerView.Entry> entries = pay.entries(h, labeller.accountId(), from, to, MAX_ENTRIES).stream()
                    .map(e -> new LedgerView.Entry(e.entryId(), e.entryType(), e.taskKind(), e.taskId(),
                            e.amountCents(), e.currency(), e.activeMillis(), e.day().toString(),
                            e.createdAtMillis()))
                    .toList();
            return new LedgerView(labeller.labellerId(), days, entries);
        });
    }

    public LocalDate today() {
        return jdbi.withHandle(h -> pay.today(h, timeZone));
    }

    /** Cents per hour of active time; none before any active time is recorded. */
    static Long hourly(long cents, long activeMillis) {
        if (activeMillis <= 0) {
            return null;
        }
        return Math.round(cents * 3_600_000.0 / activeMillis);
    }
}
