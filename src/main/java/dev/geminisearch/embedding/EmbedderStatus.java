package dev.geminisearch.embedding;

/**
 * Whether an {@link Embedder} can serve calls.
 *
 * @param available false when calls are bound to fail (e.g. no API key)
 * @param detail    human explanation, safe to show (never contains a secret)
 */
public record EmbedderStatus(boolean available, String detail) {
}
