package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both kernels against a double-precision oracle, on awkward lengths and at an offset inside a block. */
class KernelOracleTests {

    static Stream<Arguments> kernelsAndLengths() {
        return Stream.of(VectorKernels.preferred(), VectorKernels.scalar())
                .flatMap(kernel -> Stream.of(1, 3, 4, 7, 8, 9, 767, 768, 3072).map(length -> Arguments.of(kernel, length)));
    }

    @ParameterizedTest
    @MethodSource("kernelsAndLengths")
    void matchesADoublePrecisionOracleAtAnOffsetInsideABlock(VectorKernel kernel, int length) {
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
}
