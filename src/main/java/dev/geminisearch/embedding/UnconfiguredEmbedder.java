package dev.geminisearch.embedding;

/**
 * Stands in for Gemini when no credentials are configured, so that the service still starts (to
 * list, read and delete items) and tells clearly why embedding is unavailable.
 */
public final class UnconfiguredEmbedder implements Embedder {

    private final String model;
    private final String reason;

    public UnconfiguredEmbedder(String model, String reason) {
        this.model = model;
        this.reason = reason;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public float[] embed(EmbeddingRequest request) {
        throw new EmbedderNotConfiguredException(reason);
    }

    @Override
    public EmbedderStatus status() {
        return new EmbedderStatus(false, reason);
    }
}
