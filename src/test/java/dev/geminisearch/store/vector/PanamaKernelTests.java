package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SIMD kernel against its scalar oracle on awkward lengths (shorter than a vector, one off a
 * multiple of 8 and 16, Gemini's sizes) at random offsets inside a larger array.
 *
 * <p>Tolerance: the two kernels add the same products in different orders, and each float sum of
 * {@code n} products is within {@code n * u * sum|q_i * r_i|} of the exact value ({@code u = 2^-24},
 * the standard bound for recursive summation, e.g. Higham, "Accuracy and Stability of Numerical
 * Algorithms", 3.1). So they differ from each other by at most twice that, and from the exact
 * (double) value by at most once that. A kernel that drops, repeats or misaligns even one product of
 * these random inputs is off by far more.
 */
class PanamaKernelTests {

    private static final double UNIT_ROUNDOFF = 0x1p-24;
    private static final int OFFSETS_PER_LENGTH = 25;

    private final VectorKernel simd = new PanamaKernel();
    private final VectorKernel scalar = VectorKernels.scalar();

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 767, 768, 3072})
    void floatDotMatchesTheScalarOracleAtRandomOffsets(int length) {
        SplittableRandom random = new SplittableRandom(length);
        float[] query = TestVectors.gaussian(random, length);
        float[] block = TestVectors.gaussian(random, 4 * length + 64);
        for (int n = 0; n < OFFSETS_PER_LENGTH; n++) {
            int offset = random.nextInt(block.length - length + 1);
            double magnitude = 0;
            double exact = 0;
            for (int i = 0; i < length; i++) {
                magnitude += Math.abs((double) query[i] * block[offset + i]);
                exact += (double) query[i] * block[offset + i];
            }
            double bound = length * UNIT_ROUNDOFF * magnitude;

            float fast = simd.dot(query, block, offset, length);

            assertThat((double) fast).as("length %d offset %d", length, offset)
                    .isCloseTo(scalar.dot(query, block, offset, length), within(2 * bound))
                    .isCloseTo(exact, within(bound));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 767, 768, 3072})
    void int8DotMatchesTheScalarOracleAtRandomOffsets(int length) {
        SplittableRandom random = new SplittableRandom(31L * length);
        float[] query = TestVectors.gaussian(random, length);
        byte[] codes = TestVectors.codes(random, 4 * length + 64);
        for (int n = 0; n < OFFSETS_PER_LENGTH; n++) {
            int offset = random.nextInt(codes.length - length + 1);
            double magnitude = 0;
            double exact = 0;
            for (int i = 0; i < length; i++) {
                magnitude += Math.abs((double) query[i] * codes[offset + i]);
                exact += (double) query[i] * codes[offset + i];
            }
            double bound = length * UNIT_ROUNDOFF * magnitude;

            float fast = simd.dot(query, codes, offset, length);

            assertThat((double) fast).as("length %d offset %d", length, offset)
                    .isCloseTo(scalar.dot(query, codes, offset, length), within(2 * bound))
                    .isCloseTo(exact, within(bound));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 767, 768, 3072})
    void manyRowsAgainstManyQueriesGiveEachQueryAndRowItsOwnDot(int length) {
        SplittableRandom random = new SplittableRandom(7L * length);
        int maxRows = 5;
        float[] block = TestVectors.gaussian(random, (maxRows + 2) * length + 5);
        byte[] codes = TestVectors.codes(random, (maxRows + 2) * length + 5);
        int offset = length + 5;
        // 1..9 queries cover whole tiles of four, the remainders, and a tile plus a remainder;
        // 1..5 rows cover whole pairs and an odd row
        for (int count = 1; count <= 9; count++) {
            float[][] queries = new float[count][];
            for (int q = 0; q < count; q++) {
                queries[q] = TestVectors.gaussian(random, length);
            }
            for (int rowCount = 1; rowCount <= maxRows; rowCount++) {
                int at = 3;
                float[][] floats = new float[count][at + rowCount + 1];
                float[][] bytes = new float[count][at + rowCount + 1];

                simd.dotEach(queries, count, block, offset, rowCount, length, floats, at);
                simd.dotEach(queries, count, codes, offset, rowCount, length, bytes, at);

                for (int q = 0; q < count; q++) {
                    assertThat(floats[q][at - 1]).as("untouched before").isZero();
                    assertThat(floats[q][at + rowCount]).as("untouched after").isZero();
                    for (int r = 0; r < rowCount; r++) {
                        int rowOffset = offset + r * length;
                        double floatBound = 2 * length * UNIT_ROUNDOFF * magnitude(queries[q], block, rowOffset, length);
                        assertThat((double) floats[q][at + r]).as("float query %d of %d, row %d of %d", q, count, r, rowCount)
                                .isCloseTo(scalar.dot(queries[q], block, rowOffset, length), within(floatBound));
                        double byteBound = 2 * length * UNIT_ROUNDOFF * byteMagnitude(queries[q], codes, rowOffset, length);
                        assertThat((double) bytes[q][at + r]).as("int8 query %d of %d, row %d of %d", q, count, r, rowCount)
                                .isCloseTo(scalar.dot(queries[q], codes, rowOffset, length), within(byteBound));
                    }
                }
            }
        }
    }

    @Test
    void describesItselfWithItsVectorWidth() {
        assertThat(simd.description()).startsWith("SIMD (jdk.incubator.vector), ").containsPattern("\\d+-bit vectors \\(\\d+ floats\\)");
    }

    private static double magnitude(float[] query, float[] row, int offset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.abs((double) query[i] * row[offset + i]);
        }
        return sum;
    }

    private static double byteMagnitude(float[] query, byte[] codes, int offset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.abs((double) query[i] * codes[offset + i]);
        }
        return sum;
    }
}
