package dev.geminisearch.store.vector;

import java.util.Objects;

/**
 * Dense, numbered vector rows for exact or approximate-then-exact search: what an index keeps instead
 * of raw {@code float[]} blocks. Rows are {@code 0..size()-1}; {@link #append} adds the next one and
 * {@link #removeBySwap} fills a hole with the last row, so they stay dense and a caller that maps rows
 * to items moves one mapping per delete.
 *
 * <p>Layouts ({@link VectorProperties}):
 * <ul>
 *   <li>{@link VectorEncoding#FLOAT32} without shortlist: the vectors themselves, scanned exactly.</li>
 *   <li>{@link VectorEncoding#INT8}: int8 codes and a scale per row on the heap, scanned approximately;
 *       the full vectors in a memory-mapped scratch file ({@link #offHeapBytes}), read by
 *       {@link #exactScore} and {@link #vector}.</li>
 *   <li>With {@code shortlistDimensions = p > 0}: the scan reads only each vector's first {@code p}
 *       dimensions, re-normalised to unit length (float32 or int8 codes of them), and scores the
 *       query's re-normalised prefix: a Matryoshka estimate of the cosine. The full vectors stay as
 *       the encoding keeps them (heap for float32, scratch file for int8).</li>
 * </ul>
 * When {@link #isExact()} is false, scan scores only pick candidates: re-score them with
 * {@link #exactScore} ({@code VectorIndex} does both, per item).
 *
 * <p>Thread safety: any number of threads may scan and read concurrently while no thread writes;
 * writes ({@link #append}, {@link #replace}, {@link #removeBySwap}, {@link #close}) need exclusive
 * access. The caller provides both, e.g. with the read/write lock it already holds around its own
 * state; the lock's happens-before edges then also publish the rows.
 */
public final class VectorRows implements AutoCloseable {

    /**
     * Rows per chunk where the layout does not depend on the row size: the mapped scratch file's
     * mappings and the row ranges {@link #scan(float[], RowScores)} scores at a time. Heap blocks
     * are sized by bytes instead ({@link #rowsPerBlock}).
     */
    public static final int ROWS_PER_BLOCK = 1024;

    /**
     * Largest heap block of rows. G1 allocates an object of half a region or more as "humongous",
     * in whole regions of its own (1-32 MiB depending on the heap size), which wastes the rest of
     * its last region: a 3 MiB block of 1024 x 768 floats took a 4 MiB region, ~1,000 B per vector.
     * Half the smallest region is 512 KiB, and an array's header counts too, so a block's data
     * stays {@link #BLOCK_HEADROOM} bytes below that: blocks then pack into regions like any object.
     */
    public static final int MAX_BLOCK_BYTES = 512 * 1024;

    /** Room left in {@link #MAX_BLOCK_BYTES} for the array header (16 bytes, 24 without compressed class pointers). */
    static final int BLOCK_HEADROOM = 64;

    /**
     * Rows per heap block for rows of this many bytes: the largest power of two whose block, header
     * included, stays below {@link #MAX_BLOCK_BYTES} (a power of two so that a row's block is a shift
     * away), at least 1.
     */
    public static int rowsPerBlock(long bytesPerRow) {
        if (bytesPerRow < 1) {
            throw new IllegalArgumentException("bytesPerRow must be positive, was " + bytesPerRow);
        }
        long fit = Math.max(1, (MAX_BLOCK_BYTES - BLOCK_HEADROOM) / bytesPerRow);
        return Integer.highestOneBit((int) Math.min(fit, 1 << 30));
    }

    private final int dimensions;
    private final VectorEncoding encoding;
    /** The prefix length scanned, or 0 when the scan reads whole vectors. */
    private final int shortlistDimensions;
    private final VectorKernel kernel;
    /** Full precision on the heap (FLOAT32), else null. */
    private final FloatBlocks heapVectors;
    /** Full precision off the heap (INT8), else null. */
    private final MappedFloatRows mappedVectors;
    /** What the scan reads when it reads floats: heapVectors, or the prefixes; null when it reads int8 codes. */
    private final FloatBlocks floatCodes;
    /** What the scan reads in INT8, else null. */
    private final Int8Blocks int8Codes;
    /** A row's prefix in the making (shortlist), and a row in transit (mapped swap); writers only. */
    private final float[] writeScratch;
    private int size;

    private VectorRows(int dimensions, VectorEncoding encoding, int shortlistDimensions, VectorKernel kernel,
                       java.nio.file.Path scratchDirectory) {
        this.dimensions = dimensions;
        this.encoding = encoding;
        this.shortlistDimensions = shortlistDimensions;
        this.kernel = kernel;
        int scanned = shortlistDimensions > 0 ? shortlistDimensions : dimensions;
        this.writeScratch = new float[dimensions];
        if (encoding == VectorEncoding.FLOAT32) {
            this.heapVectors = new FloatBlocks(dimensions);
            this.mappedVectors = null;
            this.floatCodes = shortlistDimensions > 0 ? new FloatBlocks(scanned) : heapVectors;
            this.int8Codes = null;
        } else {
            this.heapVectors = null;
            this.mappedVectors = new MappedFloatRows(dimensions, scratchDirectory);
            this.floatCodes = null;
            this.int8Codes = new Int8Blocks(scanned);
        }
    }

    /**
     * Empty rows laid out as the settings say, scanned by the JVM's preferred kernel.
     *
     * @param dimensions vector length, at least 1
     * @throws IllegalArgumentException for a shortlist not shorter than the vectors
     * @throws java.io.UncheckedIOException when INT8 cannot create its scratch file
     */
    public static VectorRows create(int dimensions, VectorProperties settings) {
        return create(dimensions, settings, VectorKernels.preferred());
    }

    /** As {@link #create(int, VectorProperties)} with a given kernel (benchmarks compare them). */
    public static VectorRows create(int dimensions, VectorProperties settings, VectorKernel kernel) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(kernel, "kernel");
        if (dimensions < 1 || (long) dimensions * ROWS_PER_BLOCK > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("dimensions must be between 1 and " + (Integer.MAX_VALUE - 8) / ROWS_PER_BLOCK
                    + ", was " + dimensions);
        }
        int shortlist = settings.shortlistDimensions();
        if (shortlist < 0 || shortlist >= dimensions) {
            throw new IllegalArgumentException("store.vectors.shortlist-dimensions must be 0 (off) or less than the "
                    + dimensions + " dimensions of the vectors, was " + shortlist);
        }
        return new VectorRows(dimensions, Objects.requireNonNull(settings.encoding(), "encoding"), shortlist, kernel,
                settings.scratchDirectory());
    }

    public int dimensions() {
        return dimensions;
    }

    public int size() {
        return size;
    }

    /** Whether scan scores are exact dot products (FLOAT32 without shortlist). */
    public boolean isExact() {
        return int8Codes == null && floatCodes == heapVectors;
    }

    public VectorEncoding encoding() {
        return encoding;
    }

    /** The prefix length the scan reads, or 0 when it reads whole vectors. */
    public int shortlistDimensions() {
        return shortlistDimensions;
    }

    /** The kernel that scores the rows. */
    public VectorKernel kernel() {
        return kernel;
    }

    /**
     * Adds a vector as row {@link #size()}.
     *
     * @return the new row's number
     * @throws IllegalArgumentException for a vector of the wrong length
     */
    public int append(float[] vector) {
        checkLength(vector, "the vector");
        int row = size;
        ensureRows(row + 1);
        write(row, vector);
        size++;
        return row;
    }

    /** Overwrites a row with another vector. */
    public void replace(int row, float[] vector) {
        checkRow(row);
        checkLength(vector, "the vector");
        write(row, vector);
    }

    /**
     * Removes a row: the last row moves into its place (unless it was the last), and {@link #size()}
     * shrinks by one. The caller re-points whatever referred to row {@code size() - 1} to {@code row}.
     */
    public void removeBySwap(int row) {
        checkRow(row);
        int last = size - 1;
        if (row != last) {
            if (heapVectors != null) {
                heapVectors.move(last, row);
            } else {
                mappedVectors.move(last, row, writeScratch);
            }
            if (floatCodes != null && floatCodes != heapVectors) {
                floatCodes.move(last, row);
            }
            if (int8Codes != null) {
                int8Codes.move(last, row);
            }
        }
        size--;
        if (heapVectors != null) {
            heapVectors.trim(size);
        }
        if (floatCodes != null && floatCodes != heapVectors) {
            floatCodes.trim(size);
        }
        if (int8Codes != null) {
            int8Codes.trim(size);
        }
    }

    /** A copy of the row's full-precision vector. */
    public float[] vector(int row) {
        float[] vector = new float[dimensions];
        vector(row, vector);
        return vector;
    }

    /** Copies the row's full-precision vector into {@code into[0..dimensions)}. */
    public void vector(int row, float[] into) {
        checkRow(row);
        if (heapVectors != null) {
            heapVectors.read(row, into);
        } else {
            mappedVectors.read(row, into);
        }
    }

    /**
     * The heap array holding the row's float32 vector, for a view that reads rows in place (an
     * HNSW graph over these rows keeps no copy of its own): the {@link #dimensions()} floats from
     * {@link #floatOffset}. Valid until the next write; no bounds check (called per scored vector).
     *
     * @throws IllegalStateException when the full vectors are not on the heap (INT8)
     */
    public float[] floatArray(int row) {
        if (heapVectors == null) {
            throw new IllegalStateException("the " + encoding + " rows keep their full vectors off the heap");
        }
        return heapVectors.array(row);
    }

    /** Where the row's vector starts in {@link #floatArray}. */
    public int floatOffset(int row) {
        return heapVectors.offset(row);
    }

    /** Whether the full vectors are float32 on the heap, so {@link #floatArray} can be used. */
    public boolean hasHeapFloats() {
        return heapVectors != null;
    }

    /** The exact dot product of a query (of {@link #dimensions()}) with the row's full-precision vector. */
    public float exactScore(float[] query, int row) {
        checkLength(query, "the query");
        checkRow(row);
        return heapVectors != null ? heapVectors.dot(kernel, query, row) : exactScore(query, row, new float[dimensions]);
    }

    /** {@link #exactScore(float[], int)} without checks, reusing {@code scratch} (dimensions floats) off the heap. */
    float exactScore(float[] query, int row, float[] scratch) {
        if (heapVectors != null) {
            return heapVectors.dot(kernel, query, row);
        }
        mappedVectors.read(row, scratch);
        return kernel.dot(query, scratch, 0, dimensions);
    }

    /**
     * Scores every row against the query into {@code scores[0..size())}: exact dot products, or
     * estimates when {@link #isExact()} is false.
     *
     * @throws IllegalArgumentException for a query of the wrong length or a too short array
     */
    public void scan(float[] query, float[] scores) {
        checkLength(query, "the query");
        checkScores(scores);
        scanRange(scanQuery(query), 0, size, scores, 0);
    }

    /** As {@link #scan(float[], float[])}, handing each (row, score) to the consumer, rows ascending. */
    public void scan(float[] query, RowScores consumer) {
        checkLength(query, "the query");
        Objects.requireNonNull(consumer, "consumer");
        float[] scanned = scanQuery(query);
        float[] scores = new float[Math.min(size, ROWS_PER_BLOCK)];
        for (int first = 0; first < size; first += ROWS_PER_BLOCK) {
            int end = Math.min(size, first + ROWS_PER_BLOCK);
            scanRange(scanned, first, end, scores, 0);
            for (int row = first; row < end; row++) {
                consumer.accept(row, scores[row - first]);
            }
        }
    }

    /**
     * Scores every row against each query, {@code scores[q][row]}, in one pass over the rows: each
     * row is read from memory once and scored against all queries while it is in cache. The same
     * scores as one {@link #scan(float[], float[])} per query, up to float rounding.
     *
     * @throws IllegalArgumentException for a query of the wrong length, fewer score arrays than
     *                                  queries, or a too short array
     */
    public void scan(float[][] queries, float[][] scores) {
        if (scores.length < queries.length) {
            throw new IllegalArgumentException(queries.length + " queries need as many score arrays, got " + scores.length);
        }
        float[][] scanned = new float[queries.length][];
        for (int q = 0; q < queries.length; q++) {
            checkLength(queries[q], "query " + q);
            checkScores(scores[q]);
            scanned[q] = scanQuery(queries[q]);
        }
        if (int8Codes != null) {
            int8Codes.scan(kernel, scanned, scanned.length, size, scores);
        } else {
            floatCodes.scan(kernel, scanned, scanned.length, size, scores);
        }
    }

    /**
     * Java heap bytes held for rows: the allocated blocks (capacity in whole blocks of
     * {@link #rowsPerBlock} rows, at most one spare block), i.e. float32 vectors and shortlist
     * prefixes, or int8 codes (of the prefix only, with a shortlist) plus a float scale per row.
     * Excludes the off-heap scratch file ({@link #offHeapBytes}) and small per-object overheads.
     */
    public long memoryBytes() {
        long bytes = 0;
        if (heapVectors != null) {
            bytes += heapVectors.memoryBytes();
        }
        if (floatCodes != null && floatCodes != heapVectors) {
            bytes += floatCodes.memoryBytes();
        }
        if (int8Codes != null) {
            bytes += int8Codes.memoryBytes();
        }
        return bytes;
    }

    /**
     * Bytes of the memory-mapped scratch file holding full-precision vectors in INT8 (0 in FLOAT32):
     * not on the heap and not counted by {@code -Xmx}; page cache that the kernel may evict, so the
     * resident part is at most this. Keeps its high-water mark while the rows exist.
     */
    public long offHeapBytes() {
        return mappedVectors == null ? 0 : mappedVectors.mappedBytes();
    }

    /** Releases the scratch file (INT8); the rows must not be used afterwards. Idempotent. */
    @Override
    public void close() {
        if (mappedVectors != null) {
            mappedVectors.close();
        }
    }

    // ---- internals ----

    private void scanRange(float[] scanned, int from, int to, float[] scores, int at) {
        if (int8Codes != null) {
            int8Codes.scan(kernel, scanned, from, to, scores, at);
        } else {
            floatCodes.scan(kernel, scanned, from, to, scores, at);
        }
    }

    /** The query as the scan reads it: itself, or its prefix at unit length. */
    private float[] scanQuery(float[] query) {
        return shortlistDimensions > 0 ? unitPrefix(query, new float[shortlistDimensions]) : query;
    }

    private void ensureRows(int rows) {
        if (heapVectors != null) {
            heapVectors.ensureRows(rows);
        } else {
            mappedVectors.ensureRows(rows);
        }
        if (floatCodes != null && floatCodes != heapVectors) {
            floatCodes.ensureRows(rows);
        }
        if (int8Codes != null) {
            int8Codes.ensureRows(rows);
        }
    }

    private void write(int row, float[] vector) {
        if (heapVectors != null) {
            heapVectors.set(row, vector);
        } else {
            mappedVectors.set(row, vector);
        }
        float[] scanned = shortlistDimensions > 0 ? unitPrefix(vector, writeScratch) : vector;
        if (floatCodes != null && floatCodes != heapVectors) {
            floatCodes.set(row, scanned);
        }
        if (int8Codes != null) {
            int8Codes.set(row, scanned);
        }
    }

    /**
     * The first {@code shortlistDimensions} values scaled to unit length (left as they are when all
     * zero): a Matryoshka-trained embedding's prefix is itself an embedding once re-normalised.
     */
    private float[] unitPrefix(float[] vector, float[] into) {
        double squares = 0;
        for (int i = 0; i < shortlistDimensions; i++) {
            squares += (double) vector[i] * vector[i];
        }
        float scale = squares > 0 ? (float) (1.0 / Math.sqrt(squares)) : 1f;
        for (int i = 0; i < shortlistDimensions; i++) {
            into[i] = vector[i] * scale;
        }
        return into;
    }

    private void checkLength(float[] vector, String what) {
        Objects.requireNonNull(vector, what);
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions, expected " + dimensions);
        }
    }

    private void checkScores(float[] scores) {
        Objects.requireNonNull(scores, "scores");
        if (scores.length < size) {
            throw new IllegalArgumentException("scores has room for " + scores.length + " rows, there are " + size);
        }
    }

    private void checkRow(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of " + size);
        }
    }
}
