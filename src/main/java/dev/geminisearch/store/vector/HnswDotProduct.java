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

    /** The scalar kernel the exact scan falls back to; tests use it as the oracle a SIMD one is checked against. */
    static HnswDotProduct scalar() {
        return VectorKernels.scalar()::dot;
    }
}
