package dev.geminisearch.store.vector;

/**
 * The plain-Java kernel: what runs without {@code jdk.incubator.vector}, and the oracle the SIMD
 * kernel is tested against.
 */
final class ScalarKernel implements VectorKernel {

    static final ScalarKernel INSTANCE = new ScalarKernel();

    private ScalarKernel() {
    }

    @Override
    public float dot(float[] query, float[] row, int offset, int length) {
        // Four independent accumulators break the add dependency chain so the CPU can overlap the
        // multiply-adds; the JIT does not reassociate float sums on its own.
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        int unrolled = length & ~3;
        for (; i < unrolled; i += 4) {
            int j = offset + i;
            s0 += query[i] * row[j];
            s1 += query[i + 1] * row[j + 1];
            s2 += query[i + 2] * row[j + 2];
            s3 += query[i + 3] * row[j + 3];
        }
        for (; i < length; i++) {
            s0 += query[i] * row[offset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dot(float[] query, byte[] codes, int offset, int length) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        int unrolled = length & ~3;
        for (; i < unrolled; i += 4) {
            int j = offset + i;
            s0 += query[i] * codes[j];
            s1 += query[i + 1] * codes[j + 1];
            s2 += query[i + 2] * codes[j + 2];
            s3 += query[i + 3] * codes[j + 3];
        }
        for (; i < length; i++) {
            s0 += query[i] * codes[offset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dotEach(float[][] queries, int queryCount, float[] rows, int offset, int rowCount, int length,
                        float[][] scores, int at) {
        for (int r = 0; r < rowCount; r++) {
            for (int q = 0; q < queryCount; q++) {
                scores[q][at + r] = dot(queries[q], rows, offset + r * length, length);
            }
        }
    }

    @Override
    public void dotEach(float[][] queries, int queryCount, byte[] codes, int offset, int rowCount, int length,
                        float[][] scores, int at) {
        for (int r = 0; r < rowCount; r++) {
            for (int q = 0; q < queryCount; q++) {
                scores[q][at + r] = dot(queries[q], codes, offset + r * length, length);
            }
        }
    }

    @Override
    public String description() {
        return "scalar";
    }
}
