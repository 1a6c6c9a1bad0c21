package dev.geminisearch.store.vector;

import java.util.List;

/**
 * What an {@link HnswIndex} search found.
 *
 * @param hits         at most k hits, best first (highest score, then lowest node id)
 * @param visitedNodes how many vectors the search scored: its cost, to compare with the exact
 *                     scan's one per vector
 */
public record HnswResult(List<HnswHit> hits, long visitedNodes) {

    public HnswResult {
        hits = List.copyOf(hits);
    }
}
