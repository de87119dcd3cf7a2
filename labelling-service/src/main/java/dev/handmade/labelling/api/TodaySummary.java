package dev.handmade.labelling.api;

/** One labeller's day so far: the panel on their page. */
public record TodaySummary(String day, long tasksDone, long activeMillis, long earningsCents, String currency,
                           Long effectiveHourlyCents) {
}
