package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the service holds and whether it can embed, for the page's header and for dashboards. */
public record ServiceInfoResponse(
        @Schema(example = "gemini-embedding-2") String model,
        @Schema(example = "3072") int dimensions,
        @Schema(description = "Number of stored items.", example = "42") long items,
        @Schema(description = "memory, file or pgvector.", example = "file") String store,
        Embedding embedding) {

    /**
     * Whether embedding calls can be made.
     *
     * @param available false when e.g. no GEMINI_API_KEY is set (embedding calls then answer 503)
     * @param detail    why, in words
     */
    public record Embedding(boolean available, @Schema(example = "model gemini-embedding-2 via gemini-api v1beta") String detail) {
    }
}
