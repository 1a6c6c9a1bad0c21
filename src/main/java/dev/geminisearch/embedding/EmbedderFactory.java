package dev.geminisearch.embedding;

/** Makes an {@link Embedder} for a given model with the configured credentials (for re-indexing to a new model). */
@FunctionalInterface
public interface EmbedderFactory {

    /** An embedder for this model id, e.g. {@code gemini-embedding-2}. */
    Embedder forModel(String model);
}
