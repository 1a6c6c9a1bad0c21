package dev.geminisearch.store.vector;

import java.util.ArrayList;
import java.util.List;

/**
 * Float rows of a fixed width in heap blocks of {@link VectorRows#rowsPerBlock} rows, the layout
 * {@code VectorIndex} uses: no array ever needs more than {@code 2^31} elements, growing never
 * copies what is stored, and no block is a G1 humongous object (see {@link VectorRows#MAX_BLOCK_BYTES}).
 * Not thread-safe; {@link VectorRows} documents the locking.
 */
final class FloatBlocks {

    private final int width;
    private final int rowsPerBlock;
    private final int shift;
    private final int mask;
    private final List<float[]> blocks = new ArrayList<>();

    FloatBlocks(int width) {
        this.width = width;
        this.rowsPerBlock = VectorRows.rowsPerBlock((long) width * Float.BYTES);
        this.shift = Integer.numberOfTrailingZeros(rowsPerBlock);
        this.mask = rowsPerBlock - 1;
    }

    int rowsPerBlock() {
        return rowsPerBlock;
    }

    /** The block holding the row (for views that read rows in place). */
    float[] array(int row) {
        return blocks.get(row >>> shift);
    }

    /** Where the row starts in {@link #array}. */
    int offset(int row) {
        return (row & mask) * width;
    }

    /** Makes room for rows {@code [0, rows)}. */
    void ensureRows(int rows) {
        while ((long) blocks.size() * rowsPerBlock < rows) {
            blocks.add(new float[rowsPerBlock * width]);
        }
    }

    /** Frees blocks beyond those {@code rows} need, keeping one spare so that add/remove at a boundary does not churn. */
    void trim(int rows) {
        int needed = (rows + rowsPerBlock - 1) / rowsPerBlock + 1;
        while (blocks.size() > needed) {
            blocks.remove(blocks.size() - 1);
        }
    }

    void set(int row, float[] values) {
        System.arraycopy(values, 0, block(row), offset(row), width);
    }

    void move(int from, int to) {
        System.arraycopy(block(from), offset(from), block(to), offset(to), width);
    }

    void read(int row, float[] into) {
        System.arraycopy(block(row), offset(row), into, 0, width);
    }

    float dot(VectorKernel kernel, float[] query, int row) {
        return kernel.dot(query, block(row), offset(row), width);
    }

    /** Scores of rows {@code [from, to)} into {@code scores[at..)}. */
    void scan(VectorKernel kernel, float[] query, int from, int to, float[] scores, int at) {
        int out = at;
        for (int row = from; row < to; ) {
            float[] block = block(row);
            int end = Math.min(to, (row / rowsPerBlock + 1) * rowsPerBlock);
            for (int offset = offset(row); row < end; row++, offset += width) {
                scores[out++] = kernel.dot(query, block, offset, width);
            }
        }
    }

    /** Scores of rows {@code [0, size)} for each query, {@code scores[q][row]}, a block at a time. */
    void scan(VectorKernel kernel, float[][] queries, int queryCount, int size, float[][] scores) {
        for (int first = 0; first < size; first += rowsPerBlock) {
            int inBlock = Math.min(rowsPerBlock, size - first);
            kernel.dotEach(queries, queryCount, block(first), 0, inBlock, width, scores, first);
        }
    }

    /** Heap bytes of the allocated blocks (capacity, not just the rows in use). */
    long memoryBytes() {
        return (long) blocks.size() * rowsPerBlock * width * Float.BYTES;
    }

    private float[] block(int row) {
        return blocks.get(row >>> shift);
    }
}
