package dev.geminisearch.embedding;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The vector space items are stored in, and the cache in front of Gemini.
 *
 * @param dimensions stored vector size, 128..3072 (EMBEDDING_DIMENSIONS); 768, 1536 and 3072 are the sizes Google
 *                   recommends. A store built with one size refuses to open with another.
 * @param cache      the embedding cache
 */
@Validated
@ConfigurationProperties("embedding")
public record EmbeddingProperties(
        @DefaultValue("3072")
        @Min(value = EmbeddingRequest.MIN_DIMENSIONS, message = "must be within 128..3072 (EMBEDDING_DIMENSIONS)")
        @Max(value = EmbeddingRequest.MAX_DIMENSIONS, message = "must be within 128..3072 (EMBEDDING_DIMENSIONS)")
        int dimensions,
        @DefaultValue @Valid Cache cache) {

    /**
     * Vectors already made, keyed by a SHA-256 of the inspected input, task, title, size and model, so
     * that re-ingesting the same bytes or repeating a query costs no Gemini call. Per process.
     *
     * @param maxEntries vectors kept at most, least recently used evicted first; 0 disables the cache
     *                   (EMBEDDING_CACHE_MAX_ENTRIES). A 3072-dimension vector takes about 12 KB.
     */
    public record Cache(
            @DefaultValue("10000")
            @Min(value = 0, message = "must be 0 (off) or more (EMBEDDING_CACHE_MAX_ENTRIES)")
            long maxEntries) {
    }
}
