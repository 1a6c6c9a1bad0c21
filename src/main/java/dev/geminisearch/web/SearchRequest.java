package dev.geminisearch.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /search} in JSON. */
public record SearchRequest(
        @Schema(description = "Query text.", example = "an image of an animal") String text,
        @Schema(description = "Query parts (media and/or text); combined with `text` into one composite query.")
        List<@Valid PartRequest> parts,
        @Schema(description = "Search by a stored item's vector (no Gemini call when alone); the item itself is not "
                + "returned (more-like-this).", example = "puppy-1") String itemId,
        @Schema(description = "Weighted queries, combined as the normalised weighted sum of their vectors; a negative "
                + "weight pushes matching items down. Instead of, or besides, text/parts/itemId.")
        List<@Valid WeightedQuery> queries,
        @Schema(description = "Page size, 1..1000.", example = "10", defaultValue = "10") Integer topK,
        @Schema(description = "Results to skip (paging); offset + topK at most 1000.", example = "0", defaultValue = "0")
        Integer offset,
        @Schema(description = "Lowest cosine similarity returned, -1..1.", example = "0.0", defaultValue = "-1") Double minScore,
        @Valid Filter filter,
        @Schema(description = "Query prompt: search-query (default), question-answering, fact-checking or code-retrieval.",
                example = "search-query") String task,
        @Schema(description = "Return only the best hit per value of this metadata key.", example = "album") String groupBy,
        @Schema(description = "0..1: re-rank by maximal marginal relevance to spread near-duplicates; 0 = pure similarity.",
                example = "0.3", defaultValue = "0") Double diversity,
        @Valid Hybrid hybrid) {

    /** One weighted query. */
    public record WeightedQuery(
            @Schema(example = "beach") String text,
            List<@Valid PartRequest> parts,
            @Schema(example = "puppy-1") String itemId,
            @Schema(description = "Weight in the sum; negative pushes away. Default 1.", example = "1.0") Double weight) {
    }

    /** Keyword matching fused with the vector ranking. */
    public record Hybrid(
            @Schema(description = "Fuse a keyword ranking (BM25 on titles and text; PostgreSQL full text with pgvector) "
                    + "with the vector ranking by reciprocal rank fusion; scores are then fused scores.") boolean enabled) {
    }

    /**
     * Which items may be returned: a filter expression string such as
     * {@code genre == 'jazz' && year >= 2020}, or an object with a modality and metadata equality.
     */
    @Schema(description = "A filter expression string, e.g. \"genre == 'jazz' && year >= 2020\" (operators == != < <= > >= "
            + "in nin && || not; modality, mimeType, createdAt and id are built-in fields, other names are metadata keys), "
            + "or an object {\"modality\": \"image\", \"metadata\": {\"k\": \"v\"}}.",
            oneOf = {String.class, FilterObject.class})
    public record Filter(String modality, Map<String, Object> metadata, String expression) {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Filter ofExpression(String expression) {
            return new Filter(null, null, expression);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Filter(@JsonProperty("modality") String modality, @JsonProperty("metadata") Map<String, Object> metadata,
                      @JsonProperty("expression") String expression) {
            this.modality = modality;
            this.metadata = metadata;
            this.expression = expression;
        }
    }

    /** The object form of a filter. */
    public record FilterObject(
            @Schema(description = "Only items with a part of this modality: text, image, audio, video, document.",
                    example = "image") String modality,
            @Schema(description = "Only items whose metadata has all these values.", example = "{\"source\": \"camera\"}")
            Map<String, Object> metadata,
            @Schema(description = "A filter expression, ANDed with the rest.", example = "year >= 2020") String expression) {
    }
}
