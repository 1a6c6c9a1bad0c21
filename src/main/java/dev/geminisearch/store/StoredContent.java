package dev.geminisearch.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stored original, readable in ranges (to answer HTTP Range requests) without loading the whole
 * of it: from {@link VectorStore#openContent}. Originals never change (they are named by their
 * SHA-256), so any two reads agree; one may fail, though, once the last item referring to the
 * original is deleted. Thread-safe; holds no open file or connection between calls.
 */
public interface StoredContent {

    /** Length of the original in bytes. */
    long size();

    /**
     * A stream over {@code length} bytes from {@code offset}; the caller closes it.
     *
     * @throws IllegalArgumentException when the range is not within {@code 0..size()}
     * @throws IOException              when the original cannot be read, or was deleted since it was opened
     */
    InputStream open(long offset, long length) throws IOException;

    /** A stream over all of it; see {@link #open(long, long)}. */
    default InputStream open() throws IOException {
        return open(0, size());
    }

    /**
     * @throws IllegalArgumentException when {@code offset..offset+length} is not within {@code 0..size}
     */
    static void checkRange(long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new IllegalArgumentException("the range of " + length + " bytes from " + offset
                    + " is outside the " + size + " bytes of the original");
        }
    }
}
