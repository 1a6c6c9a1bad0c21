package dev.geminisearch.store.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel on the incubating Vector API, in the widest vectors the CPU prefers (512 bits on
 * AVX-512, 256 on AVX2). The only class that names {@code jdk.incubator.vector}: {@link VectorKernels}
 * loads it by reflection, and only when that module is on the module graph.
 *
 * <p>Sums in a different order than {@link ScalarKernel} (one partial sum per lane, four vector
 * accumulators, a lane reduction at the end), so results differ from it by float rounding only.
 */
final class PanamaKernel implements VectorKernel {

    // Static finals, so that C2 sees constant species and compiles every vector op to instructions.
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    /** Bytes with as many lanes as FLOATS, so that one load of int8 codes widens to one float vector. */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * Byte.SIZE));
    /**
     * The register tile of {@link #dotEach}: 4 queries x 2 rows is 8 accumulators plus 6 loaded
     * vectors, which fits the 16 registers of AVX2 as well as the 32 of AVX-512.
     */
    private static final int QUERIES_PER_TILE = 4;
    private static final int ROWS_PER_TILE = 2;

    /**
     * @throws IllegalStateException when the preferred vectors hold fewer than 8 floats: 128-bit
     *                               vectors gain too little over the scalar kernel to be worth it
     */
    PanamaKernel() {
        if (LANES < 8) {
            throw new IllegalStateException("the preferred vector size is " + FLOATS.vectorBitSize()
                    + " bits; the SIMD kernel needs at least 256 (AVX2)");
        }
    }

    @Override
    public float dot(float[] query, float[] row, int offset, int length) {
        int i = 0;
        float sum = 0f;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            // LANES is a power of two, so masking rounds down to a multiple of it
            int unrolled = length & -(4 * LANES);
            for (; i < unrolled; i += 4 * LANES) {
                int j = offset + i;
                acc0 = FloatVector.fromArray(FLOATS, query, i).fma(FloatVector.fromArray(FLOATS, row, j), acc0);
                acc1 = FloatVector.fromArray(FLOATS, query, i + LANES).fma(FloatVector.fromArray(FLOATS, row, j + LANES), acc1);
                acc2 = FloatVector.fromArray(FLOATS, query, i + 2 * LANES)
                        .fma(FloatVector.fromArray(FLOATS, row, j + 2 * LANES), acc2);
                acc3 = FloatVector.fromArray(FLOATS, query, i + 3 * LANES)
                        .fma(FloatVector.fromArray(FLOATS, row, j + 3 * LANES), acc3);
            }
            int whole = length & -LANES;
            for (; i < whole; i += LANES) {
                acc0 = FloatVector.fromArray(FLOATS, query, i).fma(FloatVector.fromArray(FLOATS, row, offset + i), acc0);
            }
            sum = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            sum += query[i] * row[offset + i];
        }
        return sum;
    }

    @Override
    public float dot(float[] query, byte[] codes, int offset, int length) {
        int i = 0;
        float sum = 0f;
        if (length >= LANES) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            int unrolled = length & -(2 * LANES);
            for (; i < unrolled; i += 2 * LANES) {
                int j = offset + i;
                acc0 = FloatVector.fromArray(FLOATS, query, i).fma(widen(codes, j), acc0);
                acc1 = FloatVector.fromArray(FLOATS, query, i + LANES).fma(widen(codes, j + LANES), acc1);
            }
            int whole = length & -LANES;
            for (; i < whole; i += LANES) {
                acc0 = FloatVector.fromArray(FLOATS, query, i).fma(widen(codes, offset + i), acc0);
            }
            sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
        for (; i < length; i++) {
            sum += query[i] * codes[offset + i];
        }
        return sum;
    }

    @Override
    public void dotEach(float[][] queries, int queryCount, float[] rows, int offset, int rowCount, int length,
                        float[][] scores, int at) {
        int whole = queryCount & -QUERIES_PER_TILE;
        int left = queryCount - whole;
        // Three queries left over still take a whole tile, the fourth slot repeating the first query
        // (same inputs, same order, so it writes the same value twice): cheaper than six single
        // dots. One or two are cheaper as single dots.
        boolean padded = left == 3;
        int r = 0;
        for (; r + ROWS_PER_TILE <= rowCount; r += ROWS_PER_TILE) {
            int first = offset + r * length;
            for (int q = 0; q < whole; q += QUERIES_PER_TILE) {
                dot4x2(queries[q], queries[q + 1], queries[q + 2], queries[q + 3], rows, first, length,
                        scores[q], scores[q + 1], scores[q + 2], scores[q + 3], at + r);
            }
            if (padded) {
                int q = whole;
                dot4x2(queries[q], queries[q + 1], queries[q + 2], queries[q], rows, first, length,
                        scores[q], scores[q + 1], scores[q + 2], scores[q], at + r);
            } else {
                for (int q = whole; q < queryCount; q++) {
                    scores[q][at + r] = dot(queries[q], rows, first, length);
                    scores[q][at + r + 1] = dot(queries[q], rows, first + length, length);
                }
            }
        }
        for (; r < rowCount; r++) {
            for (int q = 0; q < queryCount; q++) {
                scores[q][at + r] = dot(queries[q], rows, offset + r * length, length);
            }
        }
    }

    @Override
    public void dotEach(float[][] queries, int queryCount, byte[] codes, int offset, int rowCount, int length,
                        float[][] scores, int at) {
        int whole = queryCount & -QUERIES_PER_TILE;
        int left = queryCount - whole;
        // Three queries left over still take a whole tile, the fourth slot repeating the first query
        // (same inputs, same order, so it writes the same value twice): cheaper than six single
        // dots. One or two are cheaper as single dots.
        boolean padded = left == 3;
        int r = 0;
        for (; r + ROWS_PER_TILE <= rowCount; r += ROWS_PER_TILE) {
            int first = offset + r * length;
            for (int q = 0; q < whole; q += QUERIES_PER_TILE) {
                dot4x2(queries[q], queries[q + 1], queries[q + 2], queries[q + 3], codes, first, length,
                        scores[q], scores[q + 1], scores[q + 2], scores[q + 3], at + r);
            }
            if (padded) {
                int q = whole;
                dot4x2(queries[q], queries[q + 1], queries[q + 2], queries[q], codes, first, length,
                        scores[q], scores[q + 1], scores[q + 2], scores[q], at + r);
            } else {
                for (int q = whole; q < queryCount; q++) {
                    scores[q][at + r] = dot(queries[q], codes, first, length);
                    scores[q][at + r + 1] = dot(queries[q], codes, first + length, length);
                }
            }
        }
        for (; r < rowCount; r++) {
            for (int q = 0; q < queryCount; q++) {
                scores[q][at + r] = dot(queries[q], codes, offset + r * length, length);
            }
        }
    }

    @Override
    public String description() {
        return "SIMD (jdk.incubator.vector), " + FLOATS.vectorBitSize() + "-bit vectors (" + LANES + " floats)";
    }

    /**
     * Four queries against two adjacent rows: eight independent accumulators (enough to hide the
     * multiply-add latency), and six loads per eight multiply-adds instead of sixteen.
     */
    private static void dot4x2(float[] q0, float[] q1, float[] q2, float[] q3, float[] rows, int first, int length,
                               float[] out0, float[] out1, float[] out2, float[] out3, int at) {
        int second = first + length;
        FloatVector a00 = FloatVector.zero(FLOATS);
        FloatVector a10 = FloatVector.zero(FLOATS);
        FloatVector a20 = FloatVector.zero(FLOATS);
        FloatVector a30 = FloatVector.zero(FLOATS);
        FloatVector a01 = FloatVector.zero(FLOATS);
        FloatVector a11 = FloatVector.zero(FLOATS);
        FloatVector a21 = FloatVector.zero(FLOATS);
        FloatVector a31 = FloatVector.zero(FLOATS);
        int i = 0;
        int whole = length & -LANES;
        for (; i < whole; i += LANES) {
            FloatVector r0 = FloatVector.fromArray(FLOATS, rows, first + i);
            FloatVector r1 = FloatVector.fromArray(FLOATS, rows, second + i);
            FloatVector v0 = FloatVector.fromArray(FLOATS, q0, i);
            FloatVector v1 = FloatVector.fromArray(FLOATS, q1, i);
            FloatVector v2 = FloatVector.fromArray(FLOATS, q2, i);
            FloatVector v3 = FloatVector.fromArray(FLOATS, q3, i);
            a00 = v0.fma(r0, a00);
            a10 = v1.fma(r0, a10);
            a20 = v2.fma(r0, a20);
            a30 = v3.fma(r0, a30);
            a01 = v0.fma(r1, a01);
            a11 = v1.fma(r1, a11);
            a21 = v2.fma(r1, a21);
            a31 = v3.fma(r1, a31);
        }
        float s00 = a00.reduceLanes(VectorOperators.ADD);
        float s10 = a10.reduceLanes(VectorOperators.ADD);
        float s20 = a20.reduceLanes(VectorOperators.ADD);
        float s30 = a30.reduceLanes(VectorOperators.ADD);
        float s01 = a01.reduceLanes(VectorOperators.ADD);
        float s11 = a11.reduceLanes(VectorOperators.ADD);
        float s21 = a21.reduceLanes(VectorOperators.ADD);
        float s31 = a31.reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            float r0 = rows[first + i];
            float r1 = rows[second + i];
            s00 += q0[i] * r0;
            s10 += q1[i] * r0;
            s20 += q2[i] * r0;
            s30 += q3[i] * r0;
            s01 += q0[i] * r1;
            s11 += q1[i] * r1;
            s21 += q2[i] * r1;
            s31 += q3[i] * r1;
        }
        out0[at] = s00;
        out1[at] = s10;
        out2[at] = s20;
        out3[at] = s30;
        out0[at + 1] = s01;
        out1[at + 1] = s11;
        out2[at + 1] = s21;
        out3[at + 1] = s31;
    }

    /** As the float version, widening each chunk of codes once for four queries. */
    private static void dot4x2(float[] q0, float[] q1, float[] q2, float[] q3, byte[] codes, int first, int length,
                               float[] out0, float[] out1, float[] out2, float[] out3, int at) {
        int second = first + length;
        FloatVector a00 = FloatVector.zero(FLOATS);
        FloatVector a10 = FloatVector.zero(FLOATS);
        FloatVector a20 = FloatVector.zero(FLOATS);
        FloatVector a30 = FloatVector.zero(FLOATS);
        FloatVector a01 = FloatVector.zero(FLOATS);
        FloatVector a11 = FloatVector.zero(FLOATS);
        FloatVector a21 = FloatVector.zero(FLOATS);
        FloatVector a31 = FloatVector.zero(FLOATS);
        int i = 0;
        int whole = length & -LANES;
        for (; i < whole; i += LANES) {
            FloatVector r0 = widen(codes, first + i);
            FloatVector r1 = widen(codes, second + i);
            FloatVector v0 = FloatVector.fromArray(FLOATS, q0, i);
            FloatVector v1 = FloatVector.fromArray(FLOATS, q1, i);
            FloatVector v2 = FloatVector.fromArray(FLOATS, q2, i);
            FloatVector v3 = FloatVector.fromArray(FLOATS, q3, i);
            a00 = v0.fma(r0, a00);
            a10 = v1.fma(r0, a10);
            a20 = v2.fma(r0, a20);
            a30 = v3.fma(r0, a30);
            a01 = v0.fma(r1, a01);
            a11 = v1.fma(r1, a11);
            a21 = v2.fma(r1, a21);
            a31 = v3.fma(r1, a31);
        }
        float s00 = a00.reduceLanes(VectorOperators.ADD);
        float s10 = a10.reduceLanes(VectorOperators.ADD);
        float s20 = a20.reduceLanes(VectorOperators.ADD);
        float s30 = a30.reduceLanes(VectorOperators.ADD);
        float s01 = a01.reduceLanes(VectorOperators.ADD);
        float s11 = a11.reduceLanes(VectorOperators.ADD);
        float s21 = a21.reduceLanes(VectorOperators.ADD);
        float s31 = a31.reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            float r0 = codes[first + i];
            float r1 = codes[second + i];
            s00 += q0[i] * r0;
            s10 += q1[i] * r0;
            s20 += q2[i] * r0;
            s30 += q3[i] * r0;
            s01 += q0[i] * r1;
            s11 += q1[i] * r1;
            s21 += q2[i] * r1;
            s31 += q3[i] * r1;
        }
        out0[at] = s00;
        out1[at] = s10;
        out2[at] = s20;
        out3[at] = s30;
        out0[at + 1] = s01;
        out1[at + 1] = s11;
        out2[at + 1] = s21;
        out3[at + 1] = s31;
    }

    /** LANES int8 codes from {@code codes[from..)}, sign-extended to floats. */
    private static FloatVector widen(byte[] codes, int from) {
        return (FloatVector) ByteVector.fromArray(BYTES, codes, from).convertShape(VectorOperators.B2F, FLOATS, 0);
    }
}
