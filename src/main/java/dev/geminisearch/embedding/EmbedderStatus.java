package dev.geminisearch.embedding;

/**
 * Whether an {@link Embedder} can serve calls.
 *
 * @param available false when calls are bound to fail (e.g. no API key)
 * @param detail    human explanation, safe to show (never contains a secret)
 * @param details   further facts for the health endpoint (e.g. {@code circuitBreaker}), never null
 */
public record EmbedderStatus(boolean available, String detail, java.util.Map<String, Object> details) {

    public EmbedderStatus {
        details = details == null ? java.util.Map.of() : java.util.Map.copyOf(details);
    }

    /** A status without further details. */
    public EmbedderStatus(boolean available, String detail) {
        this(available, detail, java.util.Map.of());
    }
}
