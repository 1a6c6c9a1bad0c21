package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HnswDotProductTests {

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 7, 8, 9, 767, 768, 3072})
    void scalarKernelMatchesADoublePrecisionOracleAtAnOffsetInsideABlock(int length) {
        Random random = new Random(length);
        float[] query = new float[length];
        float[] block = new float[3 * length + 5];
        for (int i = 0; i < length; i++) {
            query[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < block.length; i++) {
            block[i] = (float) random.nextGaussian();
        }
        int offset = length + 5;
        double expected = 0;
        for (int i = 0; i < length; i++) {
            expected += (double) query[i] * block[offset + i];
        }

        // float sums of n products of unit-variance terms drift by about n^0.5 ulps of the partial sums
        assertThat((double) HnswDotProduct.scalar().dot(query, block, offset, length))
                .isCloseTo(expected, within(1e-4 * Math.sqrt(length)));
    }
}
