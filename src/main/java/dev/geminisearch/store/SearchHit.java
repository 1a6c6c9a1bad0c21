package dev.geminisearch.store;

/**
 * One search result.
 *
 * @param item    the matching item (its vector may be empty when the caller did not ask for it)
 * @param score   cosine similarity with the query, in [-1, 1], for {@link VectorStore#search}; for
 *                {@link VectorStore#keywordSearch} the store's keyword relevance, positive and
 *                comparable only with other scores of the same keyword search
 * @param segment for a segmented item found by {@link VectorStore#search}, its best-scoring segment,
 *                whose similarity {@code score} is (lowest index among equals); null for an item
 *                without segments and for keyword hits
 */
public record SearchHit(StoredItem item, double score, StoredSegment segment) {

    /** A hit without a segment. */
    public SearchHit(StoredItem item, double score) {
        this(item, score, null);
    }
}
