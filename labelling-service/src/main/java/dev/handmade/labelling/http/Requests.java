package dev.handmade.labelling.http;

import dev.handmade.labelling.auth.Principal;
import dev.handmade.labelling.core.Rejection;
import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Small helpers to read what a handler needs from a request. */
final class Requests {

    static final String PRINCIPAL = "handmade.principal";

    private Requests() {
    }

    static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new Rejection(Rejection.Reason.UNAUTHORIZED, "Authorization", "a bearer token is required");
        }
        return p;
    }

    static long longPath(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw Rejection.badInput(name, "must be a whole number");
        }
    }

    static long longQuery(Context ctx, String name, long otherwise) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Rejection.badInput(name, "must be a whole number");
        }
    }

    /** A day, yyyy-mm-dd; {@code otherwise} when absent; with {@code otherwise} null the day is required. */
    static LocalDate dayQuery(Context ctx, String name, LocalDate otherwise) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            if (otherwise == null) {
                throw Rejection.badInput(name, "required: a day, yyyy-mm-dd");
            }
            return otherwise;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw Rejection.badInput(name, "must be a day, yyyy-mm-dd");
        }
    }

    /** {@code from} and {@code to}: by default the 30 days up to today; at most 366 days apart. */
    static LocalDate[] dayRange(Context ctx, LocalDate today) {
        LocalDate to = dayQuery(ctx, "to", today);
        LocalDate from = dayQuery(ctx, "from", to.minusDays(30));
        if (from.isAfter(to) || from.plusDays(366).isBefore(to)) {
            throw Rejection.badInput("from", "must be on or before 'to', at most 366 days before");
        }
        return new LocalDate[] {from, to};
    }
}
