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

    /**
     * Embeds each request into its own vector, as {@link #embed} would, in as few upstream calls as
     * the implementation can (Gemini takes up to 100 texts in one call). All or nothing: a failure
     * fails the whole list, so callers that want per-input outcomes group inputs accordingly.
     *
     * @param requests the inputs, in order; may be empty
     * @return one unit vector per request, same order
     * @throws EmbeddingException as {@link #embed} does
     */
    default java.util.List<float[]> embedAll(java.util.List<EmbeddingRequest> requests) {
        java.util.List<float[]> vectors = new java.util.ArrayList<>(requests.size());
        for (EmbeddingRequest request : requests) {
            vectors.add(embed(request));
        }
        return vectors;
    }

    /** Whether embedding calls can be made, and if not, why (for health checks). */
    EmbedderStatus status();
}
