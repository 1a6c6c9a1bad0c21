package dev.geminisearch.item;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The original content of an item: its first media part, or its text when it has no media. Read
 * in ranges, so that a player can seek in a long video without the service loading all of it.
 *
 * @param mimeType the media type to serve it with
 * @param size     its length in bytes
 * @param reader   reads a range of it
 */
public record ItemContent(String mimeType, long size, RangeReader reader) {

    /** Reads {@code length} bytes from {@code offset}; the caller closes the stream. */
    @FunctionalInterface
    public interface RangeReader {
        InputStream open(long offset, long length) throws IOException;
    }

    /** Content held in memory (an item's text). */
    public static ItemContent ofBytes(String mimeType, byte[] bytes) {
        return new ItemContent(mimeType, bytes.length,
                (offset, length) -> new ByteArrayInputStream(bytes, Math.toIntExact(offset), Math.toIntExact(length)));
    }

    /** All of it (for tests and small contents). */
    public byte[] readAll() throws IOException {
        try (InputStream in = reader.open(0, size)) {
            return in.readAllBytes();
        }
    }
}
