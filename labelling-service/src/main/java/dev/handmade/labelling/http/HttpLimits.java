package dev.handmade.labelling.http;

import java.time.Duration;

/**
 * How much of the server one request, and one account, may take.
 *
 * @param intakeMaxBytes largest task-intake body
 * @param maxBodyBytes largest body of every other endpoint
 * @param concurrentRequests requests of one account served at a time
 * @param minBodyBytesPerSecond slower bodies are cut off (0: no minimum)
 * @param idleTimeout a silent connection is closed after this
 */
public record HttpLimits(
    int intakeMaxBytes,
    int maxBodyBytes,
    int concurrentRequests,
    int minBodyBytesPerSecond,
    Duration idleTimeout) {}
