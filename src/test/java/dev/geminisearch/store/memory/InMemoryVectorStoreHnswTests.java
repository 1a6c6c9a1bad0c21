package dev.geminisearch.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.VectorStoreContractTests;
import dev.geminisearch.store.vector.HnswProperties;
import dev.geminisearch.store.vector.VectorProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole store contract with an HNSW graph from 50 vectors on: every contract test with more
 * rows than that searches through the graph (unless its filter is restrictive), with deletes and
 * replacements as tombstones and rows moving under stable node ids.
 */
class InMemoryVectorStoreHnswTests extends VectorStoreContractTests {

    static final HnswProperties FROM_50 = new HnswProperties(true, 50, 4, 100, 10, 0.1, 1000, 0.1, 1);

    @Override
    protected VectorStore createStore(StoreFingerprint fingerprint) {
        return new InMemoryVectorStore(fingerprint, VectorProperties.defaults(), FROM_50);
    }

    private InMemoryVectorStore memory() {
        return (InMemoryVectorStore) store;
    }

    @Test
    void buildsTheGraphOnceTheStoreReachesTheThresholdAndKeepsItThroughDeletes() {
        for (int i = 0; i < 49; i++) {
            store.upsert(textItem("item-" + i, randomVector()), Map.of());
        }
        assertThat(memory().index().hasGraph()).isFalse();

        store.upsert(textItem("item-49", randomVector()), Map.of());
        for (int i = 50; i < 200; i++) {
            store.upsert(textItem("item-" + i, randomVector()), Map.of());
        }
        for (int i = 0; i < 200; i += 3) {
            store.delete("item-" + i);
        }

        assertThat(memory().index().hasGraph()).isTrue();
        assertThat(memory().index().graphBuilds()).isEqualTo(1);
    }

    @Test
    void theGraphOverFloat32RowsReadsThemInPlaceInsteadOfKeepingACopy() {
        int dimensions = 768;
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        InMemoryVectorStore wide = new InMemoryVectorStore(new StoreFingerprint(FINGERPRINT.model(), dimensions),
                VectorProperties.defaults(), FROM_50);
        try {
            for (int i = 0; i < 300; i++) {
                float[] vector = new float[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    vector[d] = (float) random.nextDouble(-1, 1);
                }
                wide.upsert(new dev.geminisearch.store.StoredItem("item-" + i, null, Map.of(),
                        java.util.List.of(dev.geminisearch.store.StoredPart.text("x")), java.time.Instant.EPOCH, vector),
                        Map.of());
            }
            assertThat(wide.index().hasGraph()).isTrue();
            long rowBytes = 300L * dimensions * Float.BYTES;
            long graphBytes = wide.vectorMemoryBytes().getAsLong() - rowBytes;

            // the neighbour lists only, far less than the 300 x 768 x 4 bytes a copy of the vectors would add
            assertThat(graphBytes).isPositive().isLessThan(rowBytes / 10);
        } finally {
            wide.close();
        }
    }

    @Test
    void graphSearchesFindEachStoredVectorAsItsOwnBestMatchAfterDeletesAndReplacements() {
        Map<String, float[]> vectors = new java.util.HashMap<>();
        for (int i = 0; i < 400; i++) {
            float[] vector = randomVector();
            vectors.put("item-" + i, vector);
            store.upsert(textItem("item-" + i, vector), Map.of());
        }
        for (int i = 0; i < 400; i += 4) {
            store.delete("item-" + i);
            vectors.remove("item-" + i);
        }
        for (int i = 1; i < 400; i += 8) {
            float[] vector = randomVector();
            vectors.put("item-" + i, vector);
            store.upsert(textItem("item-" + i, vector), Map.of());
        }

        int found = 0;
        for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
            SearchHit best = store.search(entry.getValue(), 1, -1, ItemFilter.NONE).get(0);
            found += best.item().id().equals(entry.getKey()) ? 1 : 0;
        }
        assertThat(found).isEqualTo(vectors.size());
        // a walk that reaches the policy's visit limit falls back to the exact scan
        assertThat(memory().index().graphSearches()).isGreaterThanOrEqualTo(vectors.size() * 9L / 10);
    }

    /**
     * Not run here: it demands the exact ranking for every query, and a graph search is approximate
     * by design (the exact-scan subclasses run it; the graph's recall is measured by
     * HnswIndexTests and bench/hnsw.sh).
     */
    @Override
    @org.junit.jupiter.api.Disabled("HNSW is approximate; the exact ranking is checked by the exact-scan store tests")
    @Test
    protected void searchAgreesWithABruteForceRankingOfBestSegmentsUnderEveryTopKMinScoreAndFilter() {
    }
}
