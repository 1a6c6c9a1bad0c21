package dev.geminisearch.store.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-precision float rows off the Java heap, in a memory-mapped scratch file: the page cache holds
 * them, may write cold pages back to the file under memory pressure, and the heap never sees them.
 * They are only read to re-score candidates, so a page that was evicted costs one read per candidate.
 *
 * <p>The file is opened with {@code DELETE_ON_CLOSE}, which on Linux and macOS unlinks it at once: it
 * never shows up in the directory, and its space returns to the file system when the channel is
 * closed and the mappings are collected, also after a crash. Chunks of
 * {@link VectorRows#ROWS_PER_BLOCK} rows are mapped as the rows grow (so no mapping nears the 2 GiB
 * limit) and are kept when rows shrink (a shrunk mapping cannot be released before the GC collects
 * its buffer anyway); the file thus keeps its high-water mark. Not thread-safe for writes; absolute
 * reads of different rows are safe to run concurrently.
 */
final class MappedFloatRows implements AutoCloseable {

    private final int width;
    private final long chunkBytes;
    private final FileChannel channel;
    private final List<FloatBuffer> chunks = new ArrayList<>();

    /**
     * @param directory where the scratch file goes; the JVM's temp directory when null
     * @throws UncheckedIOException when the file cannot be created
     */
    MappedFloatRows(int width, Path directory) {
        this.width = width;
        this.chunkBytes = (long) VectorRows.ROWS_PER_BLOCK * width * Float.BYTES;
        try {
            Path file = directory == null ? Files.createTempFile("vectors-", ".f32")
                    : Files.createTempFile(directory, "vectors-", ".f32");
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the scratch file for full-precision vectors in "
                    + (directory == null ? "the temp directory" : directory), e);
        }
    }

    void ensureRows(int rows) {
        while ((long) chunks.size() * VectorRows.ROWS_PER_BLOCK < rows) {
            try {
                chunks.add(channel.map(FileChannel.MapMode.READ_WRITE, chunks.size() * chunkBytes, chunkBytes)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer());
            } catch (IOException e) {
                throw new UncheckedIOException("could not grow the scratch file for full-precision vectors", e);
            }
        }
    }

    void set(int row, float[] values) {
        chunk(row).put(offset(row), values, 0, width);
    }

    void move(int from, int to, float[] scratch) {
        read(from, scratch);
        set(to, scratch);
    }

    void read(int row, float[] into) {
        chunk(row).get(offset(row), into, 0, width);
    }

    /** Bytes mapped: file size, and the most of the page cache these rows can occupy. */
    long mappedBytes() {
        return chunks.size() * chunkBytes;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not close the scratch file for full-precision vectors", e);
        }
    }

    private FloatBuffer chunk(int row) {
        return chunks.get(row / VectorRows.ROWS_PER_BLOCK);
    }

    private int offset(int row) {
        return (row % VectorRows.ROWS_PER_BLOCK) * width;
    }
}
