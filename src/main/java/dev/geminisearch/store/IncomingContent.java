package dev.geminisearch.store;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An original a store is about to keep, checked as it is read: the stream from {@link #open}
 * hashes and counts the bytes that pass through it, and {@link #verify} then says whether they
 * are the bytes the item claims (SHA-256 and the source's declared size). A store copies the
 * stream to where the original will live and calls {@link #verify} before making the copy
 * visible, so a mismatch leaves nothing behind and the bytes are read only once.
 *
 * <p>Not thread-safe: one writer opens, reads and verifies it.
 */
public final class IncomingContent {

    private static final int DRAIN_BUFFER_BYTES = 64 * 1024;

    private final String itemId;
    private final String hash;
    private final ContentSource source;
    private Checking current;
    private boolean verified;

    /**
     * @param itemId the item that refers to the original, for messages
     * @param hash   the lower-case hex SHA-256 the bytes must have
     * @param source where the bytes come from
     */
    public IncomingContent(String itemId, String hash, ContentSource source) {
        this.itemId = Objects.requireNonNull(itemId, "itemId");
        this.hash = Objects.requireNonNull(hash, "hash");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The hash the bytes must have. */
    public String hash() {
        return hash;
    }

    /** The size the source declares (checked by {@link #verify}). */
    public long size() {
        return source.size();
    }

    /**
     * A new checked stream over the source, from its first byte; the caller closes it. Opening
     * again (to retry) starts the check afresh.
     */
    public InputStream open() throws IOException {
        verified = false;
        current = new Checking(source.open());
        return current;
    }

    /**
     * Reads what is left of the last opened stream (a reader may stop at the declared size) and
     * checks that the stream held exactly the declared size and hashes to {@link #hash}.
     *
     * @throws IllegalArgumentException when the bytes are not the ones claimed
     * @throws IOException              when the rest of the source cannot be read
     * @throws IllegalStateException    when no stream was opened
     */
    public void verify() throws IOException {
        if (current == null) {
            throw new IllegalStateException("the content " + hash + " was never read");
        }
        byte[] rest = new byte[DRAIN_BUFFER_BYTES];
        while (current.read(rest, 0, rest.length) >= 0) {
            // only counting and hashing what a reader left unread
        }
        if (current.count != source.size()) {
            throw new IllegalArgumentException("content supplied for " + hash + " of item '" + itemId + "' has "
                    + current.count + " bytes, but its source declared " + source.size());
        }
        String actual = HexFormat.of().formatHex(current.digest.digest());
        if (!actual.equals(hash)) {
            throw new IllegalArgumentException("content supplied for " + hash + " of item '" + itemId
                    + "' has SHA-256 " + actual);
        }
        verified = true;
    }

    /** Whether the last opened stream passed {@link #verify}. */
    public boolean isVerified() {
        return verified;
    }

    /** Whether reading the last opened stream failed in the source (rather than in the store). */
    public boolean sourceFailed() {
        return current != null && current.failed;
    }

    @Override
    public String toString() {
        return "content " + hash + " of item '" + itemId + "' from " + source;
    }

    /**
     * Hashes and counts what is read; remembers whether the source failed. Extends InputStream
     * itself, not FilterInputStream, so that no bulk method can bypass the hash by delegating.
     */
    private static final class Checking extends BulkInputStream {

        private final InputStream in;
        private final MessageDigest digest = sha256();
        private long count;
        private boolean failed;

        Checking(InputStream in) {
            this.in = in;
        }

        @Override
        protected int readSome(byte[] buffer, int offset, int length) throws IOException {
            int read;
            try {
                read = in.read(buffer, offset, length);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
            if (read > 0) {
                digest.update(buffer, offset, read);
                count += read;
            }
            return read;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM provides SHA-256", e);
            }
        }
    }
}
