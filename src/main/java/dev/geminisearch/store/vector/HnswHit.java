package dev.geminisearch.store.vector;

/**
 * One search result of an {@link HnswIndex}.
 *
 * @param node  the node id given to {@link HnswIndex#add(int)}
 * @param score the exact dot product of the query and the node's vector (the cosine for unit
 *              vectors), computed by the index's {@link HnswDotProduct}
 */
public record HnswHit(int node, float score) {
}
