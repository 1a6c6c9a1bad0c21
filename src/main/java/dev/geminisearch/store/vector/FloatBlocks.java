package dev.geminisearch.store.vector;

import java.util.ArrayList;
import java.util.List;

/**
 * Float rows of a fixed width in heap blocks of {@link VectorRows#ROWS_PER_BLOCK} rows, the layout
 * {@code VectorIndex} uses: no array ever needs more than {@code 2^31} elements, and growing never
 * copies what is stored. Not thread-safe; {@link VectorRows} documents the locking.
 */
final class FloatBlocks {

    private final int width;
    private final List<float[]> blocks = new ArrayList<>();

    FloatBlocks(int width) {
        this.width = width;
    }

    /** Makes room for rows {@code [0, rows)}. */
    void ensureRows(int rows) {
        while ((long) blocks.size() * VectorRows.ROWS_PER_BLOCK < rows) {
            blocks.add(new float[VectorRows.ROWS_PER_BLOCK * width]);
        }
    }

    /** Frees blocks beyond those {@code rows} need, keeping one spare so that add/remove at a boundary does not churn. */
    void trim(int rows) {
        int needed = (rows + VectorRows.ROWS_PER_BLOCK - 1) / VectorRows.ROWS_PER_BLOCK + 1;
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
            int end = Math.min(to, (row / VectorRows.ROWS_PER_BLOCK + 1) * VectorRows.ROWS_PER_BLOCK);
            for (int offset = offset(row); row < end; row++, offset += width) {
                scores[out++] = kernel.dot(query, block, offset, width);
            }
        }
    }

    /** Scores of rows {@code [0, size)} for each query, {@code scores[q][row]}, a block at a time. */
    void scan(VectorKernel kernel, float[][] queries, int queryCount, int size, float[][] scores) {
        for (int first = 0; first < size; first += VectorRows.ROWS_PER_BLOCK) {
            int inBlock = Math.min(VectorRows.ROWS_PER_BLOCK, size - first);
            kernel.dotEach(queries, queryCount, block(first), 0, inBlock, width, scores, first);
        }
    }

    /** Heap bytes of the allocated blocks (capacity, not just the rows in use). */
    long memoryBytes() {
        return (long) blocks.size() * VectorRows.ROWS_PER_BLOCK * width * Float.BYTES;
    }

    private float[] block(int row) {
        return blocks.get(row / VectorRows.ROWS_PER_BLOCK);
    }

    private int offset(int row) {
        return (row % VectorRows.ROWS_PER_BLOCK) * width;
    }
}
