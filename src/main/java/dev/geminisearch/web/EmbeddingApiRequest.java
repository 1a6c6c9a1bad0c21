package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** Body of {@code POST /embeddings}. */
public record EmbeddingApiRequest(
        @Schema(description = "Parts embedded together into ONE vector.", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotEmpty(message = "give at least one part") List<@Valid PartRequest> parts,
        @Schema(description = "Prompt to apply: search-query, search-document, question-answering, fact-checking, "
                + "code-retrieval, classification, clustering, semantic-similarity. Omit it to send the parts exactly "
                + "as given.", example = "search-query") String task,
        @Schema(description = "Output size, 128..3072; default the configured size.", example = "768")
        @Min(value = 128, message = "dimensions must be within 128..3072")
        @Max(value = 3072, message = "dimensions must be within 128..3072") Integer dimensions) {
}
