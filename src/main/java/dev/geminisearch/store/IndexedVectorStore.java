package dev.geminisearch.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link VectorStore} whose reads and writes all go through a {@link VectorIndex}; the local
 * stores differ only in the index's {@link VectorIndex.Persistence} and in how they open and close.
 * Thread-safe as the index is.
 */
public abstract class IndexedVectorStore implements VectorStore {

    /** The index holding this store's items. */
    protected abstract VectorIndex index();

    /** Throws {@link IllegalStateException} once the store is closed. */
    protected abstract void ensureOpen();

    @Override
    public final UpsertOutcome upsertStreamed(StoredItem item, Map<String, ContentSource> contents) {
        ensureOpen();
        return index().upsert(item, contents);
    }

    @Override
    public final Optional<StoredItem> find(String id) {
        ensureOpen();
        return index().find(id);
    }

    @Override
    public final Optional<byte[]> content(String contentHash) {
        ensureOpen();
        return index().content(contentHash);
    }

    @Override
    public final Optional<StoredContent> openContent(String contentHash) {
        ensureOpen();
        return index().openContent(contentHash);
    }

    @Override
    public final boolean delete(String id) {
        ensureOpen();
        return index().delete(id);
    }

    @Override
    public final List<SearchHit> search(float[] query, int topK, double minScore, ItemFilter filter) {
        ensureOpen();
        return index().search(query, topK, minScore, filter);
    }

    @Override
    public final List<SearchHit> keywordSearch(String query, int topK, ItemFilter filter) {
        ensureOpen();
        return index().keywordSearch(query, topK, filter);
    }

    @Override
    public final ItemPage list(int limit, String cursor, ItemFilter filter) {
        ensureOpen();
        return index().list(limit, cursor, filter);
    }

    @Override
    public final long count() {
        ensureOpen();
        return index().count();
    }

    @Override
    public final long count(ItemFilter filter) {
        ensureOpen();
        return index().count(filter);
    }

    @Override
    public final OptionalLong vectorMemoryBytes() {
        ensureOpen();
        return OptionalLong.of(index().vectorMemoryBytes());
    }

    @Override
    public final long deleteMatching(ItemFilter filter) {
        ensureOpen();
        return index().deleteMatching(filter);
    }
}
