package dev.geminisearch.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream that only knows how to read a run of bytes: the single-byte read and the
 * argument checks every such stream needs are here once. The stores' content streams (ranged
 * reads of a blob or a database value, hashing of incoming originals) extend it.
 */
public abstract class BulkInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        return length == 0 ? 0 : readSome(buffer, offset, length);
    }

    /**
     * Reads between 1 and {@code length} bytes into {@code buffer} from {@code offset}, blocking until
     * at least one is there; -1 at the end. The arguments are checked and {@code length} is positive.
     */
    protected abstract int readSome(byte[] buffer, int offset, int length) throws IOException;
}
