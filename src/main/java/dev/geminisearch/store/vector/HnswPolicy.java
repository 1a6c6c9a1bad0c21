package dev.geminisearch.store.vector;

import java.util.Objects;

/**
 * Chooses between the exact scan and an {@link HnswIndex} for one search:
 * <ol>
 *   <li>exact when HNSW is disabled, when the store holds fewer than {@code min-items} vectors (the
 *       scan is fast enough there and exact), or when the index is not ready (still building);</li>
 *   <li>exact when the filter passes fewer than {@code exact-below-selectivity} of the vectors: a
 *       graph search only collects accepted nodes but must walk through the rejected ones, so its
 *       cost grows like 1/selectivity while its recall falls, and the exact scan of a restrictive
 *       filter is no slower than an unfiltered one;</li>
 *   <li>otherwise HNSW with {@code ef = max(topK, ef-search)}, raised for a filter to
 *       {@code ef / sqrt(selectivity)} (at most {@code max-ef-search}): the accepted nodes are sparser
 *       in the graph, and a larger beam keeps enough of them in reach. The square root (rather than
 *       1/selectivity) is what the filtered-recall measurement in {@code HnswIndexTests} and
 *       {@code bench/hnsw.sh} supports: it restores the unfiltered recall at about half the cost.</li>
 * </ol>
 * Every HNSW plan carries a visit limit of a third of the vectors: scoring a vector while walking the
 * graph (random access, a neighbour list per hop) costs about three times what it costs in the
 * sequential exact scan (measured by {@code bench/hnsw.sh}: ~0.2 us per vector scanned, ~0.7 us
 * per vector visited, 768 dimensions, scalar kernel), so a walk that needs more than that, because
 * the selectivity was misestimated, is cut off and the caller scans exactly instead.
 *
 * <p>The selectivity is the caller's estimate, e.g. {@link HnswIndex#estimateSelectivity} over a few
 * hundred sampled nodes; 1 for no filter. Stateless and thread-safe.
 */
public final class HnswPolicy {

    /** Cost of scoring a vector in a graph walk over its cost in the exact scan (see above). */
    private static final long VISIT_COST_RATIO = 3;

    private final HnswProperties properties;

    public HnswPolicy(HnswProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /**
     * @param vectors     how many vectors the store searches
     * @param topK        hits wanted, 1 or more
     * @param selectivity the estimated fraction of vectors the filter passes, 0..1 (1 without a filter)
     * @param indexReady  whether an up-to-date HNSW index exists
     */
    public HnswPlan plan(long vectors, int topK, double selectivity, boolean indexReady) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        if (!(selectivity >= 0 && selectivity <= 1)) {
            throw new IllegalArgumentException("selectivity must be in [0, 1], was " + selectivity);
        }
        if (!properties.enabled()) {
            return HnswPlan.exact("hnsw disabled");
        }
        if (vectors < properties.minItems()) {
            return HnswPlan.exact("below min-items");
        }
        if (!indexReady) {
            return HnswPlan.exact("index not ready");
        }
        if (selectivity < properties.exactBelowSelectivity()) {
            return HnswPlan.exact("restrictive filter");
        }
        int base = Math.max(topK, properties.efSearch());
        long visitLimit = Math.max(1, vectors / VISIT_COST_RATIO);
        if (selectivity >= 1) {
            return new HnswPlan(HnswPlan.Strategy.HNSW, base, visitLimit, "unfiltered");
        }
        int ceiling = Math.max(base, properties.maxEfSearch());
        double raised = selectivity == 0 ? ceiling : Math.ceil(base / Math.sqrt(selectivity));
        return new HnswPlan(HnswPlan.Strategy.HNSW, (int) Math.min(ceiling, raised), visitLimit, "filtered");
    }
}
