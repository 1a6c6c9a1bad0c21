package dev.geminisearch.search;

import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.store.ItemFilter;
import java.util.List;

/**
 * A search: one or more weighted inputs, a page of results, and how to shape them.
 *
 * @param inputs    at least one; a plain query is one input of weight 1
 * @param topK      page size, 1..1000
 * @param offset    results to skip, at least 0; offset + topK at most 1000
 * @param minScore  lowest cosine similarity returned, -1..1 (ignored by hybrid ranking's fused score)
 * @param filter    which items may be returned
 * @param task      a query-side task; null means search-query
 * @param groupBy   a metadata key: return only the best hit per value of it; null for no grouping
 * @param diversity 0..1: 0 ranks by similarity alone, higher re-ranks by maximal marginal relevance
 * @param hybrid    fuse a keyword ranking of titles and texts with the vector ranking (reciprocal rank fusion)
 */
public record SearchQuery(List<QueryInput> inputs, int topK, int offset, double minScore, ItemFilter filter,
                          EmbeddingTask task, String groupBy, double diversity, boolean hybrid) {

    public static final int DEFAULT_TOP_K = 10;
    public static final int MAX_TOP_K = 1_000;

    public SearchQuery {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        filter = filter == null ? ItemFilter.NONE : filter;
    }
}
