package dev.handmade.labelling.http;

import dev.handmade.labelling.core.Rejection;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The days a request asks about, checked before any arithmetic or SQL sees them. Java reads
 * years up to ±999999999 and PostgreSQL's date stops at 4713 BC and 5874897 AD; pay exists only
 * between 1970 and 9999, so anything outside is the caller's mistake, not a server error.
 */
record DayRange(LocalDate from, LocalDate to) {

  static final LocalDate FIRST = LocalDate.EPOCH;
  static final LocalDate LAST = LocalDate.of(9999, 12, 31);
  static final int DEFAULT_DAYS = 30;
  static final int MAX_DAYS = 366;

  DayRange {
    if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
      throw Rejection.badInput(
          "from", "must be on or before 'to', at most " + MAX_DAYS + " days before");
    }
  }

  /** {@code from} and {@code to}: by default the 30 days up to today. */
  static DayRange of(Context ctx, LocalDate today) {
    LocalDate to = day(ctx, "to", today);
    LocalDate from =
        day(
            ctx,
            "from",
            to.minusDays(DEFAULT_DAYS).isBefore(FIRST) ? FIRST : to.minusDays(DEFAULT_DAYS));
    return new DayRange(from, to);
  }

  /** A day, yyyy-mm-dd, 1970-01-01..9999-12-31; {@code otherwise} when absent; required when that is null. */
  static LocalDate day(Context ctx, String name, LocalDate otherwise) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      if (otherwise == null) {
        throw Rejection.badInput(name, "required: a day, yyyy-mm-dd");
      }
      return otherwise;
    }
    LocalDate day;
    try {
      day = LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw Rejection.badInput(name, "must be a day, yyyy-mm-dd");
    }
    if (day.isBefore(FIRST) || day.isAfter(LAST)) {
      throw Rejection.badInput(name, "must be a day from " + FIRST + " to " + LAST);
    }
    return day;
  }
}
