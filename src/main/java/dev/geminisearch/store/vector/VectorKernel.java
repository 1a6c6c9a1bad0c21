package dev.geminisearch.store.vector;

/**
 * Dot products of queries with rows stored inside larger arrays: the one hot loop of exact search.
 * Queries always start at index 0 and are at least {@code length} long; a row is
 * {@code row[offset..offset+length)}. Implementations are stateless and thread-safe, and agree with
 * the scalar kernel up to float rounding (they may add in a different order).
 *
 * <p>Obtain one from {@link VectorKernels}; it is chosen once per JVM.
 */
public interface VectorKernel {

    /** {@code sum(query[i] * row[offset + i])} for {@code i < length}. */
    float dot(float[] query, float[] row, int offset, int length);

    /**
     * {@code sum(query[i] * codes[offset + i])} for {@code i < length}, the int8 codes taken as signed
     * integers; the caller multiplies by the row's scale.
     */
    float dot(float[] query, byte[] codes, int offset, int length);

    /**
     * The dot product of each of the first {@code queryCount} queries with one row, into
     * {@code out[0..queryCount)}: the row is read from memory once for all of them.
     */
    void dotEach(float[][] queries, int queryCount, float[] row, int offset, int length, float[] out);

    /** As {@link #dotEach(float[][], int, float[], int, int, float[])} for a row of int8 codes. */
    void dotEach(float[][] queries, int queryCount, byte[] codes, int offset, int length, float[] out);

    /** What this kernel is, for the start-up log, e.g. {@code "SIMD, 512-bit vectors (16 floats)"}. */
    String description();
}
