package dev.geminisearch.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The store the service uses, replaceable while it runs (a re-index builds a new store and then
 * switches to it). Every call goes to the current store; {@link #switchTo} waits for calls in flight,
 * holds new ones back while it swaps, and tells write listeners about every write so that a
 * re-index can catch up with what changed meanwhile. Thread-safe.
 */
public final class SwitchableVectorStore implements VectorStore {

    /** Told about every write, after it succeeded. */
    public interface WriteListener {
        void upserted(String id);

        void deleted(String id);

        void deletedMatching(ItemFilter filter);
    }

    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock(true);
    private final List<WriteListener> listeners = new CopyOnWriteArrayList<>();
    private volatile VectorStore current;
    /** How many switches happened; only after one can a size mismatch mean "start over". */
    private volatile int switches;

    public SwitchableVectorStore(VectorStore initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** The store calls go to now. */
    public VectorStore current() {
        return current;
    }

    public void addWriteListener(WriteListener listener) {
        listeners.add(listener);
    }

    public void removeWriteListener(WriteListener listener) {
        listeners.remove(listener);
    }

    /**
     * Replaces the current store: waits for calls in flight, runs {@code whileFrozen} (no call gets
     * through meanwhile), then makes the store it returns current. The old store is not closed here:
     * {@code whileFrozen} owns that, since it may have to close it before opening the new one.
     */
    public void switchTo(java.util.function.Function<VectorStore, VectorStore> whileFrozen) {
        gate.writeLock().lock();
        try {
            current = Objects.requireNonNull(whileFrozen.apply(current), "the new store");
            switches++;
        } finally {
            gate.writeLock().unlock();
        }
    }

    private <T> T read(java.util.function.Function<VectorStore, T> call) {
        gate.readLock().lock();
        try {
            return call.apply(current);
        } finally {
            gate.readLock().unlock();
        }
    }

    @Override
    public String type() {
        return read(VectorStore::type);
    }

    @Override
    public StoreFingerprint fingerprint() {
        return read(VectorStore::fingerprint);
    }

    @Override
    public UpsertOutcome upsertStreamed(StoredItem item, Map<String, ContentSource> contents) {
        UpsertOutcome outcome = read(store -> {
            requireSize(item.vector(), store);
            return store.upsertStreamed(item, contents);
        });
        listeners.forEach(listener -> listener.upserted(item.id()));
        return outcome;
    }

    @Override
    public Optional<StoredItem> find(String id) {
        return read(store -> store.find(id));
    }

    @Override
    public Optional<byte[]> content(String contentHash) {
        return read(store -> store.content(contentHash));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Opened on the current store; reads from it go to that store even after a switch (and fail
     * once it is closed).
     */
    @Override
    public Optional<StoredContent> openContent(String contentHash) {
        return read(store -> store.openContent(contentHash));
    }

    @Override
    public boolean delete(String id) {
        boolean deleted = read(store -> store.delete(id));
        if (deleted) {
            listeners.forEach(listener -> listener.deleted(id));
        }
        return deleted;
    }

    @Override
    public List<SearchHit> search(float[] query, int topK, double minScore, ItemFilter filter) {
        return read(store -> {
            requireSize(query, store);
            return store.search(query, topK, minScore, filter);
        });
    }

    /** A vector sized for the store before a switch is not a caller's mistake: it must start over. */
    private void requireSize(float[] vector, VectorStore store) {
        int dimensions = store.fingerprint().dimensions();
        if (vector.length != dimensions && switches > 0) {
            throw new StoreChangedException(vector.length, dimensions);
        }
    }

    @Override
    public List<SearchHit> keywordSearch(String query, int topK, ItemFilter filter) {
        return read(store -> store.keywordSearch(query, topK, filter));
    }

    @Override
    public ItemPage list(int limit, String cursor, ItemFilter filter) {
        return read(store -> store.list(limit, cursor, filter));
    }

    @Override
    public long count() {
        return read(VectorStore::count);
    }

    @Override
    public long count(ItemFilter filter) {
        return read(store -> store.count(filter));
    }

    @Override
    public long deleteMatching(ItemFilter filter) {
        long deleted = read(store -> store.deleteMatching(filter));
        if (deleted > 0) {
            listeners.forEach(listener -> listener.deletedMatching(filter));
        }
        return deleted;
    }

    @Override
    public java.util.OptionalLong storageBytes() {
        return read(VectorStore::storageBytes);
    }

    @Override
    public java.util.OptionalLong vectorMemoryBytes() {
        return read(VectorStore::vectorMemoryBytes);
    }

    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            current.close();
        } finally {
            gate.writeLock().unlock();
        }
    }
}
