package dev.geminisearch.store;

/**
 * One search result.
 *
 * @param item  the matching item (its vector may be empty when the caller did not ask for it)
 * @param score cosine similarity with the query, in [-1, 1], for {@link VectorStore#search}; for
 *              {@link VectorStore#keywordSearch} the store's keyword relevance, positive and
 *              comparable only with other scores of the same keyword search
 */
public record SearchHit(StoredItem item, double score) {
}
