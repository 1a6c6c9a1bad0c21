package dev.geminisearch.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredSegment;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.VectorStoreContractTests;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryVectorStoreTests extends VectorStoreContractTests {

    @Override
    protected VectorStore createStore(StoreFingerprint fingerprint) {
        return new InMemoryVectorStore(fingerprint);
    }

    @Test
    void isOfTypeMemoryAndReportsItsFingerprint() {
        assertThat(store.type()).isEqualTo("memory");
        assertThat(store.fingerprint()).isEqualTo(FINGERPRINT);
    }

    @Test
    void keepsNothingOnDiskAndCountsFourBytesPerVectorComponentInMemory() {
        store.upsert(textItem("a", randomVector()), Map.of());
        store.upsert(textItem("b", randomVector()), Map.of());

        assertThat(store.storageBytes()).isEmpty();
        assertThat(store.vectorMemoryBytes()).hasValue(2L * DIMENSIONS * Float.BYTES);
    }

    @Test
    void countsEverySegmentVectorAndTheOwnVectorOfASegmentedItemInMemory() {
        store.upsert(textItem("plain", randomVector()), Map.of());
        store.upsert(segmentedItem("three", randomVector(), Map.of(), StoredSegment.timeSpan(0, 0, 1, randomVector()),
                StoredSegment.timeSpan(1, 1, 2, randomVector()), StoredSegment.timeSpan(2, 2, 3, randomVector())), Map.of());
        assertThat(store.vectorMemoryBytes()).hasValue((1L + 3 + 1) * DIMENSIONS * Float.BYTES);

        store.upsert(textItem("three", randomVector()), Map.of());

        assertThat(store.vectorMemoryBytes()).hasValue(2L * DIMENSIONS * Float.BYTES);
    }

    @Test
    void aClosedStoreRejectsCalls() {
        store.close();

        assertThatThrownBy(() -> store.count()).isInstanceOf(IllegalStateException.class);
    }
}
