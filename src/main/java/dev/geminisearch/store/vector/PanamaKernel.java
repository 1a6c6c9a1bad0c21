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
    /** Queries that share one read of a row in {@link #dotEach}: 4 accumulators plus the row fit any register file. */
    private static final int QUERIES_PER_PASS = 4;

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
    public void dotEach(float[][] queries, int queryCount, float[] row, int offset, int length, float[] out) {
        int q = 0;
        for (; q + QUERIES_PER_PASS <= queryCount; q += QUERIES_PER_PASS) {
            dot4(queries[q], queries[q + 1], queries[q + 2], queries[q + 3], row, offset, length, out, q);
        }
        for (; q < queryCount; q++) {
            out[q] = dot(queries[q], row, offset, length);
        }
    }

    @Override
    public void dotEach(float[][] queries, int queryCount, byte[] codes, int offset, int length, float[] out) {
        int q = 0;
        for (; q + QUERIES_PER_PASS <= queryCount; q += QUERIES_PER_PASS) {
            dot4(queries[q], queries[q + 1], queries[q + 2], queries[q + 3], codes, offset, length, out, q);
        }
        for (; q < queryCount; q++) {
            out[q] = dot(queries[q], codes, offset, length);
        }
    }

    @Override
    public String description() {
        return "SIMD (jdk.incubator.vector), " + FLOATS.vectorBitSize() + "-bit vectors (" + LANES + " floats)";
    }

    /** Four queries against one row: each chunk of the row is loaded once and used four times. */
    private static void dot4(float[] q0, float[] q1, float[] q2, float[] q3, float[] row, int offset, int length,
                             float[] out, int at) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        int i = 0;
        int whole = length & -LANES;
        for (; i < whole; i += LANES) {
            FloatVector r = FloatVector.fromArray(FLOATS, row, offset + i);
            acc0 = FloatVector.fromArray(FLOATS, q0, i).fma(r, acc0);
            acc1 = FloatVector.fromArray(FLOATS, q1, i).fma(r, acc1);
            acc2 = FloatVector.fromArray(FLOATS, q2, i).fma(r, acc2);
            acc3 = FloatVector.fromArray(FLOATS, q3, i).fma(r, acc3);
        }
        float s0 = acc0.reduceLanes(VectorOperators.ADD);
        float s1 = acc1.reduceLanes(VectorOperators.ADD);
        float s2 = acc2.reduceLanes(VectorOperators.ADD);
        float s3 = acc3.reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            float r = row[offset + i];
            s0 += q0[i] * r;
            s1 += q1[i] * r;
            s2 += q2[i] * r;
            s3 += q3[i] * r;
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
    }

    private static void dot4(float[] q0, float[] q1, float[] q2, float[] q3, byte[] codes, int offset, int length,
                             float[] out, int at) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        int i = 0;
        int whole = length & -LANES;
        for (; i < whole; i += LANES) {
            FloatVector r = widen(codes, offset + i);
            acc0 = FloatVector.fromArray(FLOATS, q0, i).fma(r, acc0);
            acc1 = FloatVector.fromArray(FLOATS, q1, i).fma(r, acc1);
            acc2 = FloatVector.fromArray(FLOATS, q2, i).fma(r, acc2);
            acc3 = FloatVector.fromArray(FLOATS, q3, i).fma(r, acc3);
        }
        float s0 = acc0.reduceLanes(VectorOperators.ADD);
        float s1 = acc1.reduceLanes(VectorOperators.ADD);
        float s2 = acc2.reduceLanes(VectorOperators.ADD);
        float s3 = acc3.reduceLanes(VectorOperators.ADD);
        for (; i < length; i++) {
            float r = codes[offset + i];
            s0 += q0[i] * r;
            s1 += q1[i] * r;
            s2 += q2[i] * r;
            s3 += q3[i] * r;
        }
        out[at] = s0;
        out[at + 1] = s1;
        out[at + 2] = s2;
        out[at + 3] = s3;
    }

    /** LANES int8 codes from {@code codes[from..)}, sign-extended to floats. */
    private static FloatVector widen(byte[] codes, int from) {
        return (FloatVector) ByteVector.fromArray(BYTES, codes, from).convertShape(VectorOperators.B2F, FLOATS, 0);
    }
}
