package dev.geminisearch.store.memory;

import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.VectorIndex;
import dev.geminisearch.store.IndexedVectorStore;
import dev.geminisearch.store.VectorStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link VectorStore} that keeps everything, originals included, on the heap: for tests, demos
 * and small collections that may be lost on restart. Exact search over contiguous vectors.
 *
 * <p>Thread-safe (see {@link VectorIndex}). Metadata numbers come back as {@code Long} when
 * integral and {@code Double} otherwise, as in every local store.
 */
public final class InMemoryVectorStore extends IndexedVectorStore {

    private final StoreFingerprint fingerprint;
    private final VectorIndex index;
    private volatile boolean closed;

    /** An empty store for vectors of this model and size. */
    public InMemoryVectorStore(StoreFingerprint fingerprint) {
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.index = new VectorIndex(fingerprint.dimensions(), new HeapContents());
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

    /** Originals as byte arrays; nothing to log. */
    private static final class HeapContents implements VectorIndex.Persistence {

        // concurrent because readContent runs under the index's shared read lock
        private final Map<String, byte[]> contents = new ConcurrentHashMap<>();

        @Override
        public void writeContent(String contentHash, byte[] bytes) {
            contents.put(contentHash, bytes.clone());
        }

        @Override
        public Optional<byte[]> readContent(String contentHash) {
            byte[] bytes = contents.get(contentHash);
            return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
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
}
