package dev.handmade.labelling.api;

/** What the labeller gets back for an accepted answer. */
public record AnswerReceipt(
    long leaseId,
    String taskId,
    long activeMillis,
    long payCents,
    String currency,
    TodaySummary today) {}
