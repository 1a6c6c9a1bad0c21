package dev.geminisearch.store.vector;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows quantised to int8 with one scale per row, in heap blocks of {@link VectorRows#rowsPerBlock}
 * rows (so that no block is a G1 humongous object): {@code value ~ scale * code}, {@code scale = max|value| / 127}, so a row's largest
 * component maps to +-127 exactly and the rounding error per component is at most {@code scale / 2}.
 *
 * <p>Per row rather than one global scale: each row then uses the whole code range whatever its own
 * spread (a global scale is set by the most extreme component of any row and wastes bits on all
 * others, or must clip), encoding a row needs no other row (appends, replacements and swaps never
 * re-encode the rest), and the price is one float per row and one multiply per score. Not
 * thread-safe; {@link VectorRows} documents the locking.
 */
final class Int8Blocks {

    private static final float MAX_CODE = 127f;

    private final int width;
    private final int rowsPerBlock;
    private final List<byte[]> codes = new ArrayList<>();
    private final List<float[]> scales = new ArrayList<>();

    Int8Blocks(int width) {
        this.width = width;
        this.rowsPerBlock = VectorRows.rowsPerBlock(width);
    }

    void ensureRows(int rows) {
        while ((long) codes.size() * rowsPerBlock < rows) {
            codes.add(new byte[rowsPerBlock * width]);
            scales.add(new float[rowsPerBlock]);
        }
    }

    void trim(int rows) {
        int needed = (rows + rowsPerBlock - 1) / rowsPerBlock + 1;
        while (codes.size() > needed) {
            codes.remove(codes.size() - 1);
            scales.remove(scales.size() - 1);
        }
    }

    void set(int row, float[] values) {
        float max = 0f;
        for (int i = 0; i < width; i++) {
            max = Math.max(max, Math.abs(values[i]));
        }
        byte[] block = codes.get(row / rowsPerBlock);
        int offset = offset(row);
        if (!(max > 0f) || !Float.isFinite(max)) {
            // all zeros (or not finite, which the index rejects before here): score 0 against anything
            java.util.Arrays.fill(block, offset, offset + width, (byte) 0);
            scales.get(row / rowsPerBlock)[row % rowsPerBlock] = 0f;
            return;
        }
        float inverse = MAX_CODE / max;
        for (int i = 0; i < width; i++) {
            block[offset + i] = (byte) Math.round(values[i] * inverse);
        }
        scales.get(row / rowsPerBlock)[row % rowsPerBlock] = max / MAX_CODE;
    }

    void move(int from, int to) {
        System.arraycopy(codes.get(from / rowsPerBlock), offset(from),
                codes.get(to / rowsPerBlock), offset(to), width);
        scales.get(to / rowsPerBlock)[to % rowsPerBlock] =
                scales.get(from / rowsPerBlock)[from % rowsPerBlock];
    }

    /** The approximate dot product of the query with a row. */
    float dot(VectorKernel kernel, float[] query, int row) {
        return scales.get(row / rowsPerBlock)[row % rowsPerBlock]
                * kernel.dot(query, codes.get(row / rowsPerBlock), offset(row), width);
    }

    /** Approximate scores of rows {@code [from, to)} into {@code scores[at..)}. */
    void scan(VectorKernel kernel, float[] query, int from, int to, float[] scores, int at) {
        int out = at;
        for (int row = from; row < to; ) {
            int b = row / rowsPerBlock;
            byte[] block = codes.get(b);
            float[] blockScales = scales.get(b);
            int end = Math.min(to, (b + 1) * rowsPerBlock);
            for (int offset = offset(row); row < end; row++, offset += width) {
                scores[out++] = blockScales[row % rowsPerBlock] * kernel.dot(query, block, offset, width);
            }
        }
    }

    /** Approximate scores of rows {@code [0, size)} for each query, {@code scores[q][row]}, a block at a time. */
    void scan(VectorKernel kernel, float[][] queries, int queryCount, int size, float[][] scores) {
        for (int first = 0; first < size; first += rowsPerBlock) {
            int b = first / rowsPerBlock;
            int inBlock = Math.min(rowsPerBlock, size - first);
            kernel.dotEach(queries, queryCount, codes.get(b), 0, inBlock, width, scores, first);
            float[] blockScales = scales.get(b);
            for (int q = 0; q < queryCount; q++) {
                float[] out = scores[q];
                for (int r = 0; r < inBlock; r++) {
                    out[first + r] *= blockScales[r];
                }
            }
        }
    }

    /** Heap bytes of the allocated codes and scales (capacity, not just the rows in use). */
    long memoryBytes() {
        return (long) codes.size() * rowsPerBlock * ((long) width + Float.BYTES);
    }

    private int offset(int row) {
        return (row % rowsPerBlock) * width;
    }
}
