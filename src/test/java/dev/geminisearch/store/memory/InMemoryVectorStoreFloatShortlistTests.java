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
 * The whole store contract with float32 rows shortlisted on a 4-of-8 dimension prefix, oversample 100
 * (see {@link InMemoryVectorStoreInt8ShortlistTests} for why), and query batching off (each search
 * scans on its own).
 */
class InMemoryVectorStoreFloatShortlistTests extends VectorStoreContractTests {

    @Override
    protected VectorStore createStore(StoreFingerprint fingerprint) {
        return new InMemoryVectorStore(fingerprint,
                new VectorProperties(VectorEncoding.FLOAT32, DIMENSIONS / 2, 100, false, 16, 1, null));
    }

    @Test
    void countsTheFullVectorsAndTheirPrefixesInMemory() {
        store.upsert(textItem("a", randomVector()), Map.of());

        assertThat(store.vectorMemoryBytes()).hasValue((long) (DIMENSIONS + DIMENSIONS / 2) * Float.BYTES);
    }
}
