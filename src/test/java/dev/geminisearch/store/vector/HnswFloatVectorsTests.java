package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HnswFloatVectorsTests {

    @Test
    void keepsEachNodesVectorAcrossBlocksAndGrowth() {
        HnswFloatVectors vectors = new HnswFloatVectors(3);
        for (int node = 0; node < 5000; node += 7) {
            vectors.put(node, new float[] {node, -node, 0.5f});
        }

        for (int node = 0; node < 5000; node += 7) {
            assertThat(vectors.get(node)).containsExactly(node, -node, 0.5f);
            assertThat(vectors.array(node)[vectors.offset(node) + 1]).isEqualTo(-node);
        }
        assertThat(vectors.memoryBytes()).isGreaterThanOrEqualTo(5 * 1024 * 3 * 4L);
    }

    @Test
    void allocatesBlocksOnlyAsFarAsUsed() {
        HnswFloatVectors vectors = new HnswFloatVectors(100);
        vectors.put(0, new float[100]);
        long one = vectors.memoryBytes();
        vectors.put(1024 * 5, new float[100]);

        assertThat(vectors.memoryBytes()).isBetween(6 * one - 1000, 6 * one + 1000);
    }

    @Test
    void rejectsWrongLengthsAndNegativeIds() {
        HnswFloatVectors vectors = new HnswFloatVectors(3);

        assertThatThrownBy(() -> vectors.put(0, new float[2])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vectors.put(-1, new float[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HnswFloatVectors(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
