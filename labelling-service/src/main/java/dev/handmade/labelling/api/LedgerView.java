package dev.handmade.labelling.api;

import java.util.List;

/** A labeller's pay ledger, per entry and per day, with the effective hourly wage of each day. */
public record LedgerView(String labellerId, List<Day> days, List<Entry> entries) {
    public record Day(String day, long tasks, long activeMillis, long earningsCents, String currency,
                      Long effectiveHourlyCents) {
    }

    public record Entry(long entryId, String entryType, String taskKind, String taskId, long amountCents,
                        String currency, long activeMillis, String day, long createdAt) {
    }
}
