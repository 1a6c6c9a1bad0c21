package dev.geminisearch.web;

import dev.geminisearch.media.Modality;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** Results of {@code POST /search}, best first. */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record SearchResponse(List<Result> results, @Schema(example = "gemini-embedding-2") String model,
                             @Schema(example = "3072") int dimensions, @Schema(example = "12") long tookMs) {

    /** One ranked item. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Result(
            @Schema(example = "puppy-1") String id,
            @Schema(description = "Cosine similarity with the query.", example = "0.71") double score,
            List<Modality> modalities, List<String> mimeTypes, String title, Map<String, Object> metadata,
            @Schema(description = "The start of the item's text parts; absent when it has none.",
                    example = "A puppy playing in the grass") String snippet,
            @Schema(example = "/items/puppy-1/content") String contentUrl,
            @Schema(description = "For long media (split into segments): the segment that matched best, which gave the "
                    + "score; the original's Range support lets a player start there.") SegmentView segment) {
    }
}
