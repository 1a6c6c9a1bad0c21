package dev.geminisearch.embedding;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The vector space items are stored in.
 *
 * @param dimensions stored vector size, 128..3072 (EMBEDDING_DIMENSIONS); 768, 1536 and 3072 are the sizes Google
 *                   recommends. A store built with one size refuses to open with another.
 */
@Validated
@ConfigurationProperties("embedding")
public record EmbeddingProperties(
        @DefaultValue("3072")
        @Min(value = EmbeddingRequest.MIN_DIMENSIONS, message = "must be within 128..3072 (EMBEDDING_DIMENSIONS)")
        @Max(value = EmbeddingRequest.MAX_DIMENSIONS, message = "must be within 128..3072 (EMBEDDING_DIMENSIONS)")
        int dimensions) {
}
