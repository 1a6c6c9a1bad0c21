package dev.geminisearch.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keeps items with their vectors and original media, and ranks them by similarity to a query.
 *
 * <p>A store is bound to one {@link StoreFingerprint}: every vector it accepts or is queried with
 * has exactly {@code fingerprint().dimensions()} components and is L2-normalised, so a dot product
 * is the cosine similarity. Implementations are thread-safe; readers never see a half-applied
 * write (an upsert or delete is visible entirely or not at all).
 */
public interface VectorStore extends AutoCloseable {

    /** Short name of the implementation as configured by {@code STORE_TYPE}: memory, file, pgvector. */
    String type();

    /** The model and dimension count this store holds. */
    StoreFingerprint fingerprint();

    /**
     * Stores the item, replacing any item with the same id, together with the originals of its media
     * parts, read from their sources as streams (a store that keeps originals on disk or in a
     * database never holds one whole in the heap). Every original is checked against its hash while
     * it is read; on a mismatch nothing of the upsert is kept. Durable stores make the write durable
     * before returning. Segments are kept with the item and replaced with it.
     *
     * <p>Named apart from {@link #upsert} because both take a map, and the two would erase to one
     * signature.
     *
     * @param item     the item; its vector and every segment vector must have the store's dimensions
     * @param contents sources of the originals of the item's media parts, keyed by
     *                 {@link StoredPart#contentHash()}; every media part's hash must be present here or
     *                 already stored. A source of an original that is already stored is not read.
     * @return whether the item was created or replaced
     * @throws IllegalArgumentException when a vector has the wrong dimension, a content is missing, or
     *                                  an original's bytes do not match its hash or declared size
     * @throws java.io.UncheckedIOException when a source cannot be read or the store cannot write
     */
    UpsertOutcome upsertStreamed(StoredItem item, Map<String, ContentSource> contents);

    /**
     * {@link #upsertStreamed} with originals already in memory.
     *
     * @param contents original bytes of the item's media parts, keyed by {@link StoredPart#contentHash()};
     *                 null is taken as empty
     */
    default UpsertOutcome upsert(StoredItem item, Map<String, byte[]> contents) {
        Map<String, ContentSource> sources = new LinkedHashMap<>();
        if (contents != null) {
            contents.forEach((hash, bytes) -> {
                if (bytes != null) {
                    sources.put(hash, ContentSource.ofBytes(bytes));
                }
            });
        }
        return upsertStreamed(item, sources);
    }

    /** The item with its vector and its segments' vectors; empty when absent. */
    Optional<StoredItem> find(String id);

    /**
     * The original bytes stored under this SHA-256 (lower-case hex), whole; empty when unknown. For
     * large originals prefer {@link #openContent}.
     */
    Optional<byte[]> content(String contentHash);

    /**
     * The original stored under this SHA-256 (lower-case hex), for reading in ranges without loading
     * it whole; empty when no item refers to it. Thread-safe.
     */
    Optional<StoredContent> openContent(String contentHash);

    /**
     * Deletes the item; its originals go when no other item refers to them.
     *
     * @return false when there was no such item
     */
    boolean delete(String id);

    /**
     * The items most similar to the query, best first (ties by id), at most {@code topK}, each with a
     * score of at least {@code minScore}. Returned items carry their vectors.
     *
     * <p>An item without segments scores the similarity of its vector; a segmented item scores the
     * highest similarity of its segment vectors (its own vector is not scored), and its hit names
     * that {@link SearchHit#segment() segment}. An item appears at most once, however many of its
     * segments match; filters apply to the item.
     *
     * @param query    unit-length vector of the store's dimensions
     * @param topK     at least 1
     * @param minScore lowest cosine similarity to return
     * @param filter   which items may be returned; {@link ItemFilter#NONE} for all
     * @throws IllegalArgumentException when the query has the wrong dimension
     */
    List<SearchHit> search(float[] query, int topK, double minScore, ItemFilter filter);

    /**
     * The items whose title or text parts contain any word of the query, best first by the store's
     * keyword relevance (ties by id), at most {@code topK}. Words are matched case-insensitively and
     * exactly (no stemming, no stop words); an item matching more of the words, or a word more
     * often, ranks higher. Returned items carry their vectors, as with {@link #search}; the filter
     * applies exactly as there.
     *
     * <p>The {@link SearchHit#score() score} is the store's own relevance measure, not a cosine:
     * Lucene BM25 (which also weights rare words up) in the local stores, PostgreSQL's
     * {@code ts_rank_cd} in pgvector. It is positive and only its order means anything: it is not
     * comparable with {@link #search} scores, nor across stores or queries. Fuse by rank.
     *
     * <p>Consistent with writes like {@link #search}: a keyword search never returns a deleted item
     * or matches a replaced item by its old text, and sees every write that returned before it
     * started. Thread-safe.
     *
     * @param query  free text, split into words as the indexed text is; one without any word (empty,
     *               blank, punctuation only) matches nothing. Not null.
     * @param topK   at least 1
     * @param filter which items may be returned; {@link ItemFilter#NONE} for all
     * @return the hits, best first; empty when nothing matches
     * @throws IllegalArgumentException when {@code topK < 1}
     */
    List<SearchHit> keywordSearch(String query, int topK, ItemFilter filter);

    /**
     * Items in ascending id order, after the position named by {@code cursor}.
     *
     * @param limit  at least 1
     * @param cursor null for the first page, else a {@link ItemPage#nextCursor()} of this store
     * @throws InvalidCursorException when the cursor was not issued by this store
     */
    ItemPage list(int limit, String cursor, ItemFilter filter);

    /** Number of items stored. */
    long count();

    /** Number of items that pass the filter. */
    long count(ItemFilter filter);

    /**
     * Deletes every item that passes the filter, like {@link #delete} one by one: each deletion is
     * atomic and durable on its own, so a crash midway leaves some deleted and none half-deleted.
     *
     * @return how many items were deleted
     */
    long deleteMatching(ItemFilter filter);

    /**
     * Bytes the store occupies on disk (files, or database tables with their indexes and TOAST), for
     * monitoring. May walk a directory or ask the database, so call it at scrape rate, not per request.
     * Thread-safe.
     *
     * @return empty when the store keeps nothing on disk or cannot tell (the default)
     * @throws StoreUnavailableException when the database behind the store cannot be reached
     */
    default OptionalLong storageBytes() {
        return OptionalLong.empty();
    }

    /**
     * Bytes of the stored vectors held in this process's memory (for a store that keeps every vector
     * as {@code float[]}: {@code dimensions * 4} per searchable row, that is per item without segments
     * and per segment, plus the same again for the own vector of each segmented item), for
     * monitoring; excludes metadata,
     * originals, the keyword index and unused slots of preallocated blocks. Thread-safe.
     *
     * @return empty when vectors are not held in this process (the default)
     */
    default OptionalLong vectorMemoryBytes() {
        return OptionalLong.empty();
    }

    /** Flushes and releases resources; the store is unusable afterwards. */
    @Override
    void close();
}
