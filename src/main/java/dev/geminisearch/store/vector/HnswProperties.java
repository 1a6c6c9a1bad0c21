package dev.geminisearch.store.vector;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When and how the local stores search approximately with an {@link HnswIndex}; see
 * {@link HnswPolicy} for how these values decide between it and the exact scan.
 *
 * @param enabled                whether the local stores may use an HNSW index at all; false always
 *                               scans exactly (STORE_HNSW_ENABLED)
 * @param minItems               vectors from which on a store keeps an HNSW index and searches it:
 *                               below, the exact scan is fast enough and exact (STORE_HNSW_MIN_ITEMS)
 * @param m                      graph fan-out: each node keeps up to m neighbours per layer, 2m on the
 *                               bottom layer; more is better recall for more memory and slower
 *                               building, 4..64 (STORE_HNSW_M)
 * @param efConstruction         candidates considered when linking a new node; more is a better graph
 *                               for slower building, 8..1000 (STORE_HNSW_EF_CONSTRUCTION)
 * @param efSearch               candidates a search keeps, raised to topK when smaller; more finds more
 *                               of the true top-k, more slowly, 1..10000 (STORE_HNSW_EF_SEARCH)
 * @param exactBelowSelectivity  a filter that passes fewer than this fraction of the vectors makes the
 *                               search exact: the graph would have to walk through many rejected
 *                               nodes to find enough accepted ones, 0..1 (STORE_HNSW_EXACT_BELOW_SELECTIVITY)
 * @param maxEfSearch            the most candidates a filtered search may keep after efSearch is raised
 *                               for the filter's selectivity (STORE_HNSW_MAX_EF_SEARCH)
 * @param maxDeletedFraction     deleted nodes stay in the graph (as waypoints, their vectors copied)
 *                               until they are more than this fraction of it; then the graph is rebuilt
 *                               from the live nodes, 0.01..1 (STORE_HNSW_MAX_DELETED_FRACTION)
 * @param buildThreads           threads for a bulk build or rebuild; 0 = one per available processor
 *                               (STORE_HNSW_BUILD_THREADS)
 */
@Validated
@ConfigurationProperties("store.hnsw")
public record HnswProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("50000") @Min(0) long minItems,
        @DefaultValue("16") @Min(4) @Max(64) int m,
        @DefaultValue("100") @Min(8) @Max(1000) int efConstruction,
        @DefaultValue("200") @Min(1) @Max(10_000) int efSearch,
        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0") double exactBelowSelectivity,
        @DefaultValue("1000") @Min(1) @Max(10_000) int maxEfSearch,
        @DefaultValue("0.1") @DecimalMin("0.01") @DecimalMax("1.0") double maxDeletedFraction,
        @DefaultValue("0") @Min(0) @Max(256) int buildThreads) {

    /** The defaults, as bound from an empty configuration. */
    public static HnswProperties defaults() {
        return new HnswProperties(true, 50_000, 16, 100, 200, 0.1, 1000, 0.1, 0);
    }

    /** The build threads to use: {@link #buildThreads}, or one per available processor when 0. */
    public int effectiveBuildThreads() {
        return buildThreads == 0 ? Runtime.getRuntime().availableProcessors() : buildThreads;
    }
}
