package dev.geminisearch.store.vector;

import java.io.IOException;

/**
 * A saved {@link HnswIndex} that cannot be used: truncated, corrupt (checksum mismatch, out-of-range
 * values), of another format version, or for other dimensions. The caller builds the index anew
 * from its vectors (and saves it again).
 */
public class HnswUnusableFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public HnswUnusableFileException(String message) {
        super(message);
    }

    public HnswUnusableFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
