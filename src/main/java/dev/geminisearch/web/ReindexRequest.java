package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Body of {@code POST /admin/reindex}. */
public record ReindexRequest(
        @Schema(description = "The new vector size, 128..3072.", example = "768", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull(message = "dimensions is required")
        @Min(value = 128, message = "dimensions must be within 128..3072")
        @Max(value = 3072, message = "dimensions must be within 128..3072") Integer dimensions,
        @Schema(description = "The new model; omit to keep the current one.", example = "gemini-embedding-2") String model,
        @Schema(description = "Gemini calls per minute at most, for the re-index alone.", example = "300", defaultValue = "300")
        @Min(value = 1, message = "requestsPerMinute must be within 1..100000")
        @Max(value = 100_000, message = "requestsPerMinute must be within 1..100000") Integer requestsPerMinute) {
}
