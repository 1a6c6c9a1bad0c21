package dev.geminisearch.embedding;

/**
 * Turns parts into one L2-normalised vector. The only door to Gemini: nothing outside this package
 * knows the SDK. Implementations are thread-safe and bound the number of concurrent upstream calls.
 */
public interface Embedder {

    /** The model id vectors come from, e.g. {@code gemini-embedding-2}. */
    String model();

    /**
     * Embeds all parts of the request into ONE composite vector.
     *
     * @return a unit-length vector of {@code request.dimensions()} components
     * @throws EmbedderNotConfiguredException when no credentials are configured
     * @throws EmbeddingQuotaExceededException when Gemini's quota is still exhausted after retries
     * @throws EmbeddingUnavailableException when Gemini fails or cannot be reached after retries
     * @throws EmbeddingRejectedException when Gemini rejects the input itself (not retried)
     */
    float[] embed(EmbeddingRequest request);

    /** Whether embedding calls can be made, and if not, why (for health checks). */
    EmbedderStatus status();
}
