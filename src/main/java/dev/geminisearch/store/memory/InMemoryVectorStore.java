package dev.geminisearch.store.memory;

import dev.geminisearch.store.IncomingContent;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredContent;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.VectorIndex;
import dev.geminisearch.store.IndexedVectorStore;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.vector.HnswProperties;
import dev.geminisearch.store.vector.VectorProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link VectorStore} that keeps everything, originals included, on the heap: for tests, demos
 * and small collections that may be lost on restart. Exact search over contiguous vectors, or
 * approximate-then-exact over int8 or shortlist rows (see {@link VectorProperties}).
 * Streamed originals are read into the heap whole.
 *
 * <p>Thread-safe (see {@link VectorIndex}). Metadata numbers come back as {@code Long} when
 * integral and {@code Double} otherwise, as in every local store.
 */
public final class InMemoryVectorStore extends IndexedVectorStore {

    /** A Java array holds at most about this many bytes. */
    private static final long MAX_CONTENT_BYTES = Integer.MAX_VALUE - 8;

    private final StoreFingerprint fingerprint;
    private final VectorIndex index;
    private volatile boolean closed;

    /** An empty store for vectors of this model and size, searched exactly over float32 rows. */
    public InMemoryVectorStore(StoreFingerprint fingerprint) {
        this(fingerprint, VectorProperties.defaults());
    }

    /**
     * An empty store for vectors of this model and size, its rows laid out as {@code vectors} say.
     *
     * @throws IllegalArgumentException for a shortlist not shorter than the vectors
     */
    public InMemoryVectorStore(StoreFingerprint fingerprint, VectorProperties vectors) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.index = new VectorIndex(fingerprint.dimensions(), new HeapContents(), vectors);
    }

    /**
     * As {@link #InMemoryVectorStore(StoreFingerprint, VectorProperties)}, with an HNSW graph built in
     * memory once the store holds {@code hnsw.minItems()} vectors (when enabled).
     */
    public InMemoryVectorStore(StoreFingerprint fingerprint, VectorProperties vectors, HnswProperties hnsw) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.index = new VectorIndex(fingerprint.dimensions(), new HeapContents(), vectors, hnsw);
    }

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public StoreFingerprint fingerprint() {
        return fingerprint;
    }

    @Override
    public void close() {
        closed = true;
        index.close();
    }

    @Override
    protected VectorIndex index() {
        return index;
    }

    @Override
    protected void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the in-memory store is closed");
        }
    }

    /** Originals as byte arrays (streamed originals are read in whole); nothing to log. */
    private static final class HeapContents implements VectorIndex.Persistence {

        // concurrent because readContent runs under the index's shared read lock
        private final Map<String, byte[]> contents = new ConcurrentHashMap<>();

        @Override
        public void writeContent(IncomingContent content) throws IOException {
            if (content.size() > MAX_CONTENT_BYTES) {
                throw new IllegalArgumentException("the in-memory store keeps originals of at most " + MAX_CONTENT_BYTES
                        + " bytes; " + content + " has " + content.size());
            }
            byte[] bytes;
            try (InputStream in = content.open()) {
                bytes = in.readAllBytes();
                content.verify();
            }
            contents.put(content.hash(), bytes);
        }

        @Override
        public Optional<byte[]> readContent(String contentHash) {
            byte[] bytes = contents.get(contentHash);
            return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
        }

        @Override
        public Optional<StoredContent> openContent(String contentHash) {
            byte[] bytes = contents.get(contentHash);
            // the array is never changed once stored, so reads may share it
            return bytes == null ? Optional.empty() : Optional.of(new HeapContent(bytes));
        }

        @Override
        public void deleteContent(String contentHash) {
            contents.remove(contentHash);
        }

        @Override
        public void logUpsert(StoredItem item) {
        }

        @Override
        public void logDelete(String id) {
        }
    }

    /** A stored original read straight from its array. */
    private record HeapContent(byte[] bytes) implements StoredContent {

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open(long offset, long length) {
            StoredContent.checkRange(offset, length, bytes.length);
            return new ByteArrayInputStream(bytes, (int) offset, (int) length);
        }
    }
}
