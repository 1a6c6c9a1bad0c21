package dev.geminisearch.store.vector;

import java.util.Objects;

/**
 * How one vector search should run, as {@link HnswPolicy} decided.
 *
 * @param strategy exact scan or HNSW search
 * @param ef       for {@link Strategy#HNSW}: the {@code ef} to pass to {@link HnswIndex#search}
 *                 (at least topK); 0 for an exact scan
 * @param visitLimit for {@link Strategy#HNSW}: the {@code visitLimit} to pass to
 *                 {@link HnswIndex#search(float[], int, int, java.util.function.IntPredicate, long)}; a
 *                 search that reaches it is incomplete and the caller scans exactly; 0 for an exact scan
 * @param reason   why, for logs and metrics labels: a short lower-case phrase
 */
public record HnswPlan(Strategy strategy, int ef, long visitLimit, String reason) {

    /** The two ways to search. */
    public enum Strategy {
        /** Score every vector (that passes the filter): exact, O(n). */
        EXACT,
        /** Walk the HNSW graph with the filter as accept predicate: approximate, about O(ef log n). */
        HNSW
    }

    public HnswPlan {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(reason, "reason");
        if (strategy == Strategy.HNSW && (ef < 1 || visitLimit < 1)) {
            throw new IllegalArgumentException("an HNSW plan needs ef >= 1 and visitLimit >= 1, was " + ef + " and " + visitLimit);
        }
    }

    static HnswPlan exact(String reason) {
        return new HnswPlan(Strategy.EXACT, 0, 0, reason);
    }

    public boolean isExact() {
        return strategy == Strategy.EXACT;
    }
}
