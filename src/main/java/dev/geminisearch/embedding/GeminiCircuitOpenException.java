package dev.geminisearch.embedding;

import java.time.Duration;

/**
 * Gemini failed so often in a row that calls are not even tried for a while (503 with Retry-After):
 * an outage answers fast instead of holding a thread and a call slot for the whole retry deadline.
 */
public class GeminiCircuitOpenException extends EmbeddingUnavailableException {

    private final Duration retryAfter;

    public GeminiCircuitOpenException(String message, Duration retryAfter) {
        super(message, null);
        this.retryAfter = retryAfter;
    }

    /** How long until the circuit lets a probe call through; at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
