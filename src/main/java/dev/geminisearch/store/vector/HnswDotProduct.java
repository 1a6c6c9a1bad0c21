package dev.geminisearch.store.vector;

/**
 * The scoring kernel of an {@link HnswIndex}: the dot product of a query with one vector stored
 * inside a larger array, the same shape as the store's exact-scan kernel, so that a SIMD kernel
 * plugs in by method reference ({@code simd::dot}) and makes graph search and graph building
 * faster without other changes. For unit vectors the dot product is the cosine similarity.
 *
 * <p>Implementations must be stateless or thread-safe: searches call it from many threads at once.
 */
@FunctionalInterface
public interface HnswDotProduct {

    /** The dot product of {@code query[0..length)} and {@code block[offset..offset+length)}. */
    float dot(float[] query, float[] block, int offset, int length);

    /**
     * The scalar kernel, until a SIMD one is plugged in, and the oracle a SIMD one is tested against.
     * Four independent accumulators break the add dependency chain so the CPU can overlap the
     * multiply-adds (the JIT does not reassociate float sums on its own).
     */
    static HnswDotProduct scalar() {
        return (query, block, offset, length) -> {
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
        };
    }
}
