package dev.handmade.labelling.api;

public record QueueStats(
    long open,
    long escalated,
    long verified,
    long unresolved,
    long gold,
    long activeLeases,
    long feedSequence) {}
