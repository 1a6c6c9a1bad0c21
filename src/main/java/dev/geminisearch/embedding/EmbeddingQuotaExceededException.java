package dev.geminisearch.embedding;

import java.time.Duration;

/** Gemini's quota stayed exhausted for the whole retry deadline (429 with Retry-After). */
public class EmbeddingQuotaExceededException extends EmbeddingException {

    private final Duration retryAfter;

    public EmbeddingQuotaExceededException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the caller should wait before trying again; at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
