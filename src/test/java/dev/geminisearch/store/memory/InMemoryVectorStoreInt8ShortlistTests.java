package dev.geminisearch.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.VectorStoreContractTests;
import dev.geminisearch.store.vector.VectorEncoding;
import dev.geminisearch.store.vector.VectorProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole store contract with the most approximate row layout: int8 codes of a 4-of-8 dimension
 * prefix, searches batched. Every promise about scores, minScore, ties and segments must hold, since
 * they are kept on the exact re-scores. The contract's random vectors are not Matryoshka-trained, so
 * their prefixes say little about the whole vector: oversample is at its maximum (100) so that the
 * contract's exact rankings stay reachable, and this class checks the candidate bookkeeping, not the
 * estimate's quality ({@code InMemoryVectorStoreRecallTests} measures that).
 */
class InMemoryVectorStoreInt8ShortlistTests extends VectorStoreContractTests {

    static final VectorProperties INT8_SHORTLIST =
            new VectorProperties(VectorEncoding.INT8, DIMENSIONS / 2, 100, true, 16, 1, null);

    @Override
    protected VectorStore createStore(StoreFingerprint fingerprint) {
        return new InMemoryVectorStore(fingerprint, INT8_SHORTLIST);
    }

    @Test
    void countsTheHeapBytesOfInt8PrefixCodesAndScalesNotTheOffHeapFullVectors() {
        store.upsert(textItem("a", randomVector()), Map.of());
        store.upsert(textItem("b", randomVector()), Map.of());

        // per row: one byte per prefix dimension and a float scale
        assertThat(store.vectorMemoryBytes()).hasValue(2L * (DIMENSIONS / 2 + Float.BYTES));
    }
}
