package dev.geminisearch.search;

import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.media.Modality;
import java.util.List;
import java.util.Map;

/**
 * A search. At least one of {@code text}, {@code parts} and {@code itemId} is given; text and parts
 * form one composite query, and an item's stored vector joins it when both are given.
 *
 * @param text     query text, or null
 * @param parts    query parts (media and/or text), possibly empty
 * @param itemId   search by this stored item's vector, or null
 * @param topK     1..1000
 * @param minScore lowest cosine similarity returned, -1..1
 * @param modality only items having this modality, or null
 * @param metadata only items whose metadata has all these values
 * @param task     a query-side task; null means search-query
 */
public record SearchQuery(String text, List<Part> parts, String itemId, int topK, double minScore,
                          Modality modality, Map<String, Object> metadata, EmbeddingTask task) {

    public static final int DEFAULT_TOP_K = 10;
    public static final int MAX_TOP_K = 1_000;

    public SearchQuery {
        parts = parts == null ? List.of() : List.copyOf(parts);
        metadata = metadata == null ? Map.of() : metadata;
    }
}
