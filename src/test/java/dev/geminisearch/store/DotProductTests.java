package dev.geminisearch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.geminisearch.store.vector.VectorKernel;
import dev.geminisearch.store.vector.VectorKernels;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DotProductTests {

    static Stream<Arguments> kernelsAndLengths() {
        return Stream.of(VectorKernels.preferred(), VectorKernels.scalar())
                .flatMap(kernel -> Stream.of(1, 3, 4, 7, 8, 9, 767, 768, 3072).map(length -> Arguments.of(kernel, length)));
    }

    @ParameterizedTest
    @MethodSource("kernelsAndLengths")
    void matchesADoublePrecisionOracleAtAnOffsetInsideABlock(VectorKernel selected, int length) {
        DotProduct kernel = new DotProduct(selected);
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

        assertThat((double) kernel.dot(query, block, offset, length)).isCloseTo(expected, within(1e-4 * Math.sqrt(length)));
    }

    @org.junit.jupiter.api.Test
    void usesTheKernelThisJvmSelected() {
        float[] query = {1f, 2f, 3f};
        float[] block = {9f, 4f, 5f, 6f};
        VectorKernel recording = new VectorKernel() {
            @Override
            public float dot(float[] q, float[] row, int offset, int length) {
                return offset * 1000 + length;
            }

            @Override
            public float dot(float[] q, byte[] codes, int offset, int length) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void dotEach(float[][] queries, int count, float[] rows, int offset, int rowCount, int length,
                                float[][] scores, int at) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void dotEach(float[][] queries, int count, byte[] codes, int offset, int rowCount, int length,
                                float[][] scores, int at) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String description() {
                return "recording";
            }
        };

        assertThat(new DotProduct(recording).dot(query, block, 1, 3)).isEqualTo(1003f);
        assertThat(new DotProduct().dot(query, block, 1, 3)).isEqualTo(VectorKernels.preferred().dot(query, block, 1, 3))
                .isEqualTo(32f);
    }
}
