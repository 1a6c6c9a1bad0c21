package dev.geminisearch.store.vector;

import java.util.List;

/**
 * What an {@link HnswIndex} search found.
 *
 * @param hits         at most k hits, best first (highest score, then lowest node id)
 * @param visitedNodes how many vectors the search scored: its cost, to compare with the exact
 *                     scan's one per vector
 * @param complete     false when the search stopped at its visit limit: the hits are then only what
 *                     it had found by then, and the caller should scan exactly instead
 */
public record HnswResult(List<HnswHit> hits, long visitedNodes, boolean complete) {

    public HnswResult {
        hits = List.copyOf(hits);
    }
}
