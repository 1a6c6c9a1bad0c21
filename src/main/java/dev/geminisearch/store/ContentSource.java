package dev.geminisearch.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The original bytes of a media part on their way into a store, readable as a stream so that a
 * 500 MB video need never be whole in the heap. A store reads a source at most once per attempt
 * and may open it again to retry (a PostgreSQL transaction that lost a lock conflict), so
 * {@link #open} must give the same bytes each time.
 */
public interface ContentSource {

    /** Number of bytes {@link #open} yields; a store rejects a source whose stream is longer or shorter. */
    long size();

    /** A new stream over the bytes, from the first; the caller closes it. */
    InputStream open() throws IOException;

    /** The bytes of this array, which the caller must not change until the upsert returns. */
    static ContentSource ofBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new ContentSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public String toString() {
                return bytes.length + " bytes in memory";
            }
        };
    }

    /**
     * The bytes of this file, as they are now (its size is taken at once); the caller must not
     * change the file until the upsert returns.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    static ContentSource ofFile(Path file) {
        Objects.requireNonNull(file, "file");
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the original " + file, e);
        }
        return new ContentSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public String toString() {
                return "file " + file;
            }
        };
    }
}
