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
     * Scores a run of consecutive rows against several queries at once:
     * {@code scores[q][at + r] = dot(queries[q], rows[offset + r * length ..])} for {@code q < queryCount}
     * and {@code r < rowCount}. Each row is read from memory once for all queries, and an
     * implementation may block rows and queries so that loaded values are reused from registers.
     */
    void dotEach(float[][] queries, int queryCount, float[] rows, int offset, int rowCount, int length,
                 float[][] scores, int at);

    /**
     * As {@link #dotEach(float[][], int, float[], int, int, int, float[][], int)} for rows of int8
     * codes; the caller multiplies by each row's scale.
     */
    void dotEach(float[][] queries, int queryCount, byte[] codes, int offset, int rowCount, int length,
                 float[][] scores, int at);

    /** What this kernel is, for the start-up log, e.g. {@code "SIMD, 512-bit vectors (16 floats)"}. */
    String description();
}
