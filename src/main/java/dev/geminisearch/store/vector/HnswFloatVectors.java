package dev.geminisearch.store.vector;

import java.util.Arrays;
import java.util.Objects;

/**
 * Vectors kept by node id in {@code float[]} blocks of {@value #ROWS_PER_BLOCK} rows, for an
 * {@link HnswIndex} whose owner has no vector rows of its own (tests, benchmarks), and inside the
 * index for the copies of removed nodes' vectors. Node ids should be dense (0, 1, 2, ...): a block
 * is allocated for every {@value #ROWS_PER_BLOCK} ids up to the largest one.
 *
 * <p>One writer at a time; {@link #array}/{@link #offset} may be called concurrently with each other
 * and, for nodes put before, with {@link #put} of other nodes (a grown block table is a new array,
 * the blocks themselves never move). The caller publishes a put to readers (e.g. through the lock an
 * {@link HnswIndex} write takes).
 */
public final class HnswFloatVectors implements HnswVectors {

    /** Rows per block: 1024 x 3072 floats is 12 MiB, small enough to allocate at any time. */
    static final int ROWS_PER_BLOCK = 1024;

    private static final int BLOCK_SHIFT = 10;
    private static final int ROW_MASK = ROWS_PER_BLOCK - 1;

    private final int dimensions;
    private float[][] blocks = new float[0][];

    /** @param dimensions vector length, 1 to 65,536 (so that a block stays one Java array) */
    public HnswFloatVectors(int dimensions) {
        if (dimensions < 1 || dimensions > 65_536) {
            throw new IllegalArgumentException("dimensions must be between 1 and 65536, was " + dimensions);
        }
        this.dimensions = dimensions;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    /** Stores (a copy of) the node's vector, replacing any earlier one. */
    public void put(int node, float[] vector) {
        Objects.requireNonNull(vector, "vector");
        if (node < 0) {
            throw new IllegalArgumentException("node must not be negative, was " + node);
        }
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, expected " + dimensions);
        }
        int block = node >>> BLOCK_SHIFT;
        if (block >= blocks.length) {
            // the table doubles, the blocks are allocated only as far as they are used
            blocks = Arrays.copyOf(blocks, Math.max(block + 1, blocks.length * 2));
        }
        for (int i = block; i >= 0 && blocks[i] == null; i--) {
            blocks[i] = new float[ROWS_PER_BLOCK * dimensions];
        }
        System.arraycopy(vector, 0, blocks[block], offset(node), dimensions);
    }

    /** A copy of the node's vector (zeros for an id never put, below the largest one put). */
    public float[] get(int node) {
        return Arrays.copyOfRange(array(node), offset(node), offset(node) + dimensions);
    }

    @Override
    public float[] array(int node) {
        return blocks[node >>> BLOCK_SHIFT];
    }

    @Override
    public int offset(int node) {
        return (node & ROW_MASK) * dimensions;
    }

    /** Heap bytes of the blocks (not of this object's few fields). */
    public long memoryBytes() {
        long bytes = 16L + 8L * blocks.length;
        for (float[] block : blocks) {
            if (block != null) {
                bytes += 16L + (long) block.length * Float.BYTES;
            }
        }
        return bytes;
    }
}
