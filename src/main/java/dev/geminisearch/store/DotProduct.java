package dev.geminisearch.store;

import dev.geminisearch.store.vector.VectorKernel;
import dev.geminisearch.store.vector.VectorKernels;

/**
 * The scoring kernel of {@link VectorIndex}: the dot product of a query with one vector stored
 * inside a larger block, computed by the kernel this JVM selected ({@link VectorKernels#preferred()}:
 * SIMD with {@code --add-modules jdk.incubator.vector}, scalar otherwise). The index reaches it only
 * through this one instance method, so that the choice stays in one place.
 *
 * <p>Stateless and thread-safe.
 */
final class DotProduct {

    private final VectorKernel kernel;

    DotProduct() {
        this(VectorKernels.preferred());
    }

    DotProduct(VectorKernel kernel) {
        this.kernel = kernel;
    }

    /**
     * The dot product of {@code query[0..length)} and {@code block[offset..offset+length)}.
     */
    float dot(float[] query, float[] block, int offset, int length) {
        return kernel.dot(query, block, offset, length);
    }
}
