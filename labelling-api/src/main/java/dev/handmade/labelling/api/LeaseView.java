package dev.handmade.labelling.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task leased to a labeller. Deliberately without the task kind, the gold answer and the
 * machine's opinion: nothing that could steer or reveal the answer reaches a labeller.
 */
public record LeaseView(
    long leaseId, String taskId, long leasedAt, long expiresAt, JsonNode frame, String frameUri) {}
