package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /search} in JSON. */
public record SearchRequest(
        @Schema(description = "Query text.", example = "an image of an animal") String text,
        @Schema(description = "Query parts (media and/or text); combined with `text` into one composite query.")
        List<@Valid PartRequest> parts,
        @Schema(description = "Search by a stored item's vector (no Gemini call when alone).", example = "puppy-1") String itemId,
        @Schema(description = "How many results, 1..1000.", example = "10", defaultValue = "10") Integer topK,
        @Schema(description = "Lowest cosine similarity returned, -1..1.", example = "0.0", defaultValue = "-1") Double minScore,
        @Valid Filter filter,
        @Schema(description = "Query prompt: search-query (default), question-answering, fact-checking or code-retrieval.",
                example = "search-query") String task) {

    /** Which items may be returned. */
    public record Filter(
            @Schema(description = "Only items with a part of this modality: text, image, audio, video, document.",
                    example = "image") String modality,
            @Schema(description = "Only items whose metadata has all these values.", example = "{\"source\": \"camera\"}")
            Map<String, Object> metadata) {
    }
}
