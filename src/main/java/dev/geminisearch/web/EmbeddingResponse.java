package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of a {@code POST /embeddings} answer. */
public record EmbeddingResponse(
        @Schema(example = "gemini-embedding-2") String model,
        @Schema(example = "768") int dimensions,
        @Schema(description = "The L2-normalised vector.") float[] values) {
}
