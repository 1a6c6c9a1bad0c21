package dev.geminisearch.store;

/**
 * The scoring kernel of {@link VectorIndex}: the dot product of a query with one vector stored
 * inside a larger block. This scalar version is the oracle a future SIMD kernel is checked against,
 * which is why the index reaches it only through this one instance method.
 *
 * <p>Stateless and thread-safe.
 */
final class DotProduct {

    /**
     * The dot product of {@code query[0..length)} and {@code block[offset..offset+length)}.
     */
    float dot(float[] query, float[] block, int offset, int length) {
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
            s0 += query[i] * block[j];
            s1 += query[i + 1] * block[j + 1];
            s2 += query[i + 2] * block[j + 2];
            s3 += query[i + 3] * block[j + 3];
        }
        for (; i < length; i++) {
            s0 += query[i] * block[offset + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
