package dev.geminisearch.store;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.vector.HnswCheckpoint;
import dev.geminisearch.store.vector.HnswHit;
import dev.geminisearch.store.vector.HnswFloatVectors;
import dev.geminisearch.store.vector.HnswIndex;
import dev.geminisearch.store.vector.HnswPlan;
import dev.geminisearch.store.vector.HnswPolicy;
import dev.geminisearch.store.vector.HnswProperties;
import dev.geminisearch.store.vector.HnswResult;
import dev.geminisearch.store.vector.HnswUnusableFileException;
import dev.geminisearch.store.vector.HnswVectors;
import dev.geminisearch.store.vector.QueryBatcher;
import dev.geminisearch.store.vector.VectorEncoding;
import dev.geminisearch.store.vector.VectorProperties;
import dev.geminisearch.store.vector.VectorRows;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory part every local {@link VectorStore} shares: items by id, their vectors as
 * {@link VectorRows} for search, an id-ordered view for listing, and reference counts of the
 * originals their media parts point to. Where originals live and whether writes are logged is up
 * to the store's {@link Persistence}.
 *
 * <p>Items and searchable vectors are kept apart. Each item has a <em>slot</em>; each vector that
 * search scores is a <em>row</em>: one row per item without segments (its own vector), one row per
 * segment of a segmented item (whose own vector is kept in its slot and not scored). Rows are
 * {@link VectorRows} laid out as {@code store.vectors.*} say ({@link VectorProperties}): exact
 * float32 by default, or int8 codes and/or a Matryoshka prefix whose scan only picks candidates
 * that are then re-scored at full precision. Slots and rows are both dense: a delete moves the last
 * slot into the slot's hole and the last row into each of its rows' holes. A search scans every row
 * once and keeps the best row per item in a bounded heap (see {@code TopK}).
 *
 * <p>All code that knows how row vectors are laid out and scored is in the "row storage" section
 * at the end (a handful of private methods), so that the layout can be swapped (quantised rows,
 * a graph index) without touching the item bookkeeping.
 *
 * <p>Metadata is normalised on the way in: integral numbers become {@link Long}, other numbers
 * {@link Double}; anything but strings, numbers and booleans is rejected. A durable store can thus
 * give back exactly what it returned before a restart.
 *
 * <p>Keyword search goes through a {@link KeywordIndex} of the items' titles and text, which a
 * writer updates after the in-memory apply (outside the write lock, so that vector searches never
 * wait for text analysis). Each apply stamps the item with a new generation that its keyword entry
 * carries too, and a keyword hit counts only when an item of that id and generation is present: a
 * keyword search never returns a deleted item, nor a replaced one by its old text.
 *
 * <p>Thread-safe: writers take turns on a writer lock, under which they do their (slow, fsynced)
 * persistence calls; they hold the read/write lock's write side only for the in-memory apply. So
 * readers see a write entirely or not at all, the persistence sees writes in the order they are
 * applied, and searches never wait for a disk.
 */
public final class VectorIndex implements AutoCloseable {

    /**
     * What a store adds to the index: where originals are kept and, for a durable store, how writes
     * are logged. The index calls writing methods under its writer lock and reading methods under
     * its read lock, in this order for an upsert: {@code writeContent} for each new original,
     * {@code logUpsert}, then (after applying) {@code deleteContent} for originals no item refers
     * to any more, then {@code afterWrite}.
     */
    public interface Persistence {

        /**
         * Keeps an original, reading it from {@link IncomingContent#open()} and calling
         * {@link IncomingContent#verify()} before making it visible under its hash; when the check
         * (or anything else) fails, nothing of it may be left behind. Must be durable before
         * returning if the store is.
         */
        void writeContent(IncomingContent content) throws IOException;

        /** The original stored under this hash, which the index knows to be referenced. */
        Optional<byte[]> readContent(String contentHash) throws IOException;

        /** The original stored under this hash for ranged reads; the index knows it to be referenced. */
        Optional<StoredContent> openContent(String contentHash) throws IOException;

        /** Drops an original no item refers to any more. */
        void deleteContent(String contentHash) throws IOException;

        /** Records an upsert before it becomes visible; a failure leaves the index unchanged. */
        void logUpsert(StoredItem item) throws IOException;

        /** Records a delete before it becomes visible; a failure leaves the index unchanged. */
        void logDelete(String id) throws IOException;

        /**
         * Called after each applied write, still under the writer lock (e.g. to compact a log):
         * no other write runs meanwhile, but readers do. The write is already durable, so this must
         * not throw.
         */
        default void afterWrite(VectorIndex index) {
        }
    }

    /** Far below what {@link VectorRows} can hold in its blocks; larger embeddings do not exist. */
    static final int MAX_DIMENSIONS = 65_536;

    private static final Logger log = LoggerFactory.getLogger(VectorIndex.class);

    private final int dimensions;
    private final Persistence persistence;
    private final VectorProperties vectorSettings;
    /** Shares scan passes between concurrent searches; null when {@code batch-queries} is off. */
    private final QueryBatcher batcher;
    private final HnswProperties hnswSettings;
    private final HnswPolicy policy;
    private final KeywordIndex keywords = new KeywordIndex();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Serialises writers; only they change the state below, so they may read it without the read lock. */
    private final java.util.concurrent.locks.ReentrantLock writerLock = new java.util.concurrent.locks.ReentrantLock();

    // Everything below is guarded by lock.
    /** Row storage: the vectors of rows {@code 0..rows)}, laid out as {@link #vectorSettings} say. */
    private final VectorRows vectors;
    private int rows;
    /** The slot of the item each row belongs to. */
    private int[] rowSlots = new int[64];
    /** The graph node of each row while {@link #graph} exists: node ids stay put when rows move. */
    private int[] rowNodes = new int[64];
    /** HNSW graph over the rows (nodes, see {@link #rowNodes}); null below {@code store.hnsw.min-items}. */
    private HnswIndex graph;
    /**
     * The vectors the graph reads, by node id: with float32 rows a view over the rows themselves
     * ({@link RowView}, no second copy), else its own float32 copies ({@link HnswFloatVectors}).
     */
    private HnswVectors graphVectors;
    /** Row of each graph node, -1 for a free or removed node id. */
    private int[] nodeRows = new int[0];
    /** Node ids below {@link #nextNode} that no row holds, for reuse (keeps node ids dense). */
    private int[] freeNodes = new int[16];
    private int freeNodeCount;
    private int nextNode;
    /** Set while a store replays its log: building the graph waits until {@link #resumeGraph}. */
    private boolean graphDeferred;
    /** Set while a store replays its log: the keyword index is built once, by {@link #resumeKeywords}. */
    private boolean keywordsDeferred;
    private int graphBuilds;
    /** Searches the graph answered (not the scan); searches run concurrently, under the read lock. */
    private final java.util.concurrent.atomic.LongAdder graphSearches = new java.util.concurrent.atomic.LongAdder();
    private boolean graphLoaded;
    /** The segment index each row holds, or {@link #OWN_VECTOR} for the vector of an item without segments. */
    private int[] rowSegments = new int[64];
    private Slot[] slots = new Slot[64];
    private int size;
    /** Items with segments, whose own vectors live in their slots rather than in rows. */
    private int segmentedItems;
    private final Map<String, Integer> slotById = new HashMap<>();
    private final NavigableSet<String> orderedIds = new TreeSet<>();
    private final Map<String, Integer> contentReferences = new HashMap<>();
    /** The generation of the last apply; the keyword entry of an item version carries its own. */
    private long generations;

    /** The vector of every slot's item: the vectors live in rows, and one empty array does for all. */
    private static final float[] NO_VECTOR = new float[0];

    /** {@link #rowSegments} value of a row that is an item's own vector. */
    private static final int OWN_VECTOR = -1;

    /**
     * An item without its vectors (which live in rows), with what search, filters and refcounting
     * need, the generation of its keyword entry, and where its vectors are.
     */
    private static final class Slot {

        /** The item with an empty vector and segments without vectors. */
        final StoredItem item;
        final Set<Modality> modalities;
        final List<String> mimeTypes;
        final Set<String> contentHashes;
        final long generation;
        /** A segmented item's own vector, which is not searched and so is not a row; null without segments. */
        final float[] ownVector;
        /**
         * The item's rows: {@code rows[i]} holds segment i, or {@code rows[0]} the own vector of an
         * item without segments. Entries change when rows move; only under the write lock.
         */
        final int[] rows;

        Slot(StoredItem item, Set<String> contentHashes, long generation, float[] ownVector, int rowCount) {
            this.item = item;
            this.modalities = Collections.unmodifiableSet(EnumSet.copyOf(item.modalities()));
            this.mimeTypes = item.mimeTypes();
            this.contentHashes = contentHashes;
            this.generation = generation;
            this.ownVector = ownVector;
            this.rows = new int[rowCount];
        }
    }

    /** An index with the default row layout: exact float32 rows, searches batched, no HNSW graph. */
    public VectorIndex(int dimensions, Persistence persistence) {
        this(dimensions, persistence, VectorProperties.defaults());
    }

    /** An index without an HNSW graph. */
    public VectorIndex(int dimensions, Persistence persistence, VectorProperties vectorSettings) {
        this(dimensions, persistence, vectorSettings, DISABLED_HNSW);
    }

    /**
     * @param dimensions     vector size of every item and query, 1 to {@value #MAX_DIMENSIONS}
     * @param persistence    where originals go and how writes are recorded
     * @param vectorSettings how rows are encoded and scanned ({@code store.vectors.*})
     * @param hnswSettings   when an HNSW graph over the rows is kept and searched ({@code store.hnsw.*})
     * @throws IllegalArgumentException for a shortlist not shorter than the vectors
     * @throws UncheckedIOException     when the int8 encoding cannot create its scratch file
     */
    public VectorIndex(int dimensions, Persistence persistence, VectorProperties vectorSettings,
                       HnswProperties hnswSettings) {
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("dimensions must be between 1 and " + MAX_DIMENSIONS + ", was " + dimensions);
        }
        this.dimensions = dimensions;
        this.persistence = Objects.requireNonNull(persistence, "persistence");
        this.vectorSettings = Objects.requireNonNull(vectorSettings, "vectorSettings");
        this.vectors = VectorRows.create(dimensions, vectorSettings);
        this.batcher = vectorSettings.batchQueries()
                ? new QueryBatcher(vectors, vectorSettings.maxBatch(), vectorSettings.maxPasses()) : null;
        this.hnswSettings = Objects.requireNonNull(hnswSettings, "hnswSettings");
        this.policy = new HnswPolicy(hnswSettings);
    }

    private static final HnswProperties DISABLED_HNSW = new HnswProperties(false, 50_000, 16, 100, 100, 0.1, 1000, 0.1, 0);

    /** Nodes sampled to estimate a filter's selectivity; see {@link HnswIndex#estimateSelectivity}. */
    private static final int SELECTIVITY_SAMPLES = 500;

    /** Graph hits asked per wanted item when items have segments (several rows may be one item's). */
    private static final int SEGMENT_FANOUT = 4;

    public int dimensions() {
        return dimensions;
    }

    /**
     * Stores or replaces the item and the originals it needs; see {@link VectorStore#upsert}.
     *
     * @throws IllegalArgumentException for a wrong dimension, bad metadata, a malformed content hash,
     *                                  a missing original or one whose bytes do not match its hash or size
     * @throws UncheckedIOException     when a source cannot be read or the persistence fails; the index
     *                                  is then unchanged
     */
    public UpsertOutcome upsert(StoredItem item, Map<String, ContentSource> contents) {
        StoredItem accepted = accept(item);
        Map<String, ContentSource> supplied = contents == null ? Map.of() : contents;
        Set<String> hashes = StoredItems.contentHashes(accepted);
        writerLock.lock();
        try {
            List<IncomingContent> toWrite = newContents(accepted.id(), hashes, supplied);
            List<String> written = new ArrayList<>();
            try {
                for (IncomingContent content : toWrite) {
                    // Listed first, so that a failure inside writeContent also cleans up after it.
                    written.add(content.hash());
                    persistence.writeContent(content);
                    if (!content.isVerified()) {
                        throw new IllegalStateException("the store kept " + content + " without checking it");
                    }
                }
                persistence.logUpsert(accepted);
            } catch (IOException e) {
                deleteContents(written);
                throw new UncheckedIOException("could not store item '" + accepted.id() + "'", e);
            } catch (RuntimeException e) {
                deleteContents(written);
                throw e;
            }
            Integer existing = slotById.get(accepted.id());
            List<String> released;
            long generation;
            Lock write = lock.writeLock();
            write.lock();
            try {
                generation = ++generations;
                released = apply(accepted, hashes, generation);
            } finally {
                write.unlock();
            }
            indexKeywords(accepted, generation);
            // After the apply no reader can reach these originals any more, so they can go without the lock.
            deleteContents(released);
            persistence.afterWrite(this);
            return existing == null ? UpsertOutcome.CREATED : UpsertOutcome.REPLACED;
        } finally {
            writerLock.unlock();
        }
    }

    /**
     * Deletes the item and releases its originals; see {@link VectorStore#delete}.
     *
     * @throws UncheckedIOException when the persistence fails; the index is then unchanged
     */
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        writerLock.lock();
        try {
            if (!slotById.containsKey(id)) {
                return false;
            }
            try {
                persistence.logDelete(id);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete item '" + id + "'", e);
            }
            List<String> released;
            Lock write = lock.writeLock();
            write.lock();
            try {
                released = remove(id);
            } finally {
                write.unlock();
            }
            dropKeywords(id);
            deleteContents(released);
            persistence.afterWrite(this);
            return true;
        } finally {
            writerLock.unlock();
        }
    }

    /**
     * Deletes every item that passes the filter; see {@link VectorStore#deleteMatching}.
     *
     * @throws UncheckedIOException when the persistence fails; the items deleted until then stay deleted
     */
    public long deleteMatching(ItemFilter filter) {
        Objects.requireNonNull(filter, "filter");
        writerLock.lock();
        try {
            // Only writers change the slots, and this thread is the writer: the list cannot go stale.
            List<String> doomed = new ArrayList<>();
            for (int slot = 0; slot < size; slot++) {
                if (filter.isEmpty() || matches(slot, filter)) {
                    doomed.add(slots[slot].item.id());
                }
            }
            for (String id : doomed) {
                delete(id);
            }
            return doomed.size();
        } finally {
            writerLock.unlock();
        }
    }

    /**
     * Applies an upsert read back from a log: no persistence calls and no check that originals
     * exist (the caller sweeps and verifies originals once recovery is done). Like
     * {@link #restoreDelete}, meant for one thread while the store opens, before any other write.
     *
     * @throws IllegalArgumentException for a wrong dimension or bad metadata
     */
    public void restore(StoredItem item) {
        StoredItem accepted = accept(item);
        Set<String> hashes = StoredItems.contentHashes(accepted);
        long generation;
        Lock write = lock.writeLock();
        write.lock();
        try {
            generation = ++generations;
            apply(accepted, hashes, generation);
        } finally {
            write.unlock();
        }
        if (!keywordsDeferred) {
            indexKeywords(accepted, generation);
        }
    }

    /** Applies a delete read back from a log, without persistence calls; absent ids are ignored. */
    public void restoreDelete(String id) {
        boolean removed = false;
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (slotById.containsKey(id)) {
                remove(id);
                removed = true;
            }
        } finally {
            write.unlock();
        }
        if (removed && !keywordsDeferred) {
            dropKeywords(id);
        }
    }

    /**
     * Leaves the keyword index alone while a store replays its log, where an id may be upserted
     * and deleted many times: {@link #resumeKeywords} then indexes each live item once. Call before
     * any write.
     */
    public void deferKeywords() {
        runExclusively(() -> keywordsDeferred = true);
    }

    /**
     * Ends {@link #deferKeywords}: indexes the text of every item now present, in a background
     * thread (see {@link KeywordIndex#buildInBackground}); keyword searches wait for it, everything
     * else goes on meanwhile, writes included.
     */
    public void resumeKeywords() {
        runExclusively(() -> {
            if (!keywordsDeferred) {
                return;
            }
            keywordsDeferred = false;
            StoredItem[] items = new StoredItem[size];
            long[] itemGenerations = new long[size];
            for (int slot = 0; slot < size; slot++) {
                items[slot] = slots[slot].item;
                itemGenerations[slot] = slots[slot].generation;
            }
            keywords.buildInBackground(items, itemGenerations);
        });
    }

    /** Whether the keyword index is still being built after {@link #resumeKeywords}. */
    public boolean buildingKeywords() {
        return keywords.building();
    }

    /**
     * Releases the keyword index; the store calls this as it closes, after which keyword searches
     * fail. Idempotent.
     */
    @Override
    public void close() {
        keywords.close();
        Lock write = lock.writeLock();
        write.lock();
        try {
            vectors.close();
        } finally {
            write.unlock();
        }
    }

    /**
     * Runs the action under the write lock, so that no write or read overlaps it: for maintenance
     * such as compacting a log or closing a store.
     */
    public void runExclusively(Runnable action) {
        writerLock.lock();
        try {
            Lock write = lock.writeLock();
            write.lock();
            try {
                action.run();
            } finally {
                write.unlock();
            }
        } finally {
            writerLock.unlock();
        }
    }

    /** Runs the action with writers held off while readers go on: for work that only reads the index. */
    public void runWithoutWriters(Runnable action) {
        writerLock.lock();
        try {
            action.run();
        } finally {
            writerLock.unlock();
        }
    }

    /** The item with its vectors, segments' included (copies); empty when absent. */
    public Optional<StoredItem> find(String id) {
        Lock read = lock.readLock();
        read.lock();
        try {
            Integer slot = slotById.get(id);
            return slot == null ? Optional.empty() : Optional.of(materialise(slot));
        } finally {
            read.unlock();
        }
    }

    /** The original stored under this hash; empty when no item refers to it. */
    public Optional<byte[]> content(String contentHash) {
        return referencedContent(contentHash, "read", persistence::readContent);
    }

    /**
     * The original stored under this hash for ranged reads; empty when no item refers to it. Only
     * opening holds the read lock: reads of the content happen without it.
     */
    public Optional<StoredContent> openContent(String contentHash) {
        return referencedContent(contentHash, "open", persistence::openContent);
    }

    /** What the persistence gives for a hash an item refers to, asked under the read lock. */
    private <T> Optional<T> referencedContent(String contentHash, String verb, ContentAccess<T> access) {
        if (!StoredItems.isContentHash(contentHash)) {
            return Optional.empty();
        }
        Lock read = lock.readLock();
        read.lock();
        try {
            if (!contentReferences.containsKey(contentHash)) {
                return Optional.empty();
            }
            return access.apply(contentHash);
        } catch (IOException e) {
            throw new UncheckedIOException("could not " + verb + " content " + contentHash, e);
        } finally {
            read.unlock();
        }
    }

    @FunctionalInterface
    private interface ContentAccess<T> {
        Optional<T> apply(String contentHash) throws IOException;
    }

    /** The hashes of every original some item refers to (a snapshot). */
    public Set<String> referencedContents() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return Set.copyOf(contentReferences.keySet());
        } finally {
            read.unlock();
        }
    }

    /**
     * Java heap bytes of the vectors held: per row what its encoding keeps on the heap (float32:
     * {@code dimensions * 4}; int8: one byte per scanned dimension and a float scale; a float32
     * shortlist adds {@code 4} bytes per prefix dimension), plus {@code dimensions * 4} per segmented
     * item's own vector. Excludes unused parts of preallocated blocks, and the int8 encoding's
     * full-precision copies, which live off the heap in a memory-mapped scratch file: see
     * {@link #vectorScratchBytes()}. With an HNSW graph, adds its neighbour lists and, when the rows
     * are int8, its own float32 copies of the vectors (allocated blocks); over float32 rows it reads
     * the rows in place.
     */
    public long vectorMemoryBytes() {
        Lock read = lock.readLock();
        read.lock();
        try {
            long graphBytes = graph == null ? 0 : graph.memoryBytes()
                    + (graphVectors instanceof HnswFloatVectors copies ? copies.memoryBytes() : 0);
            return (long) rows * heapBytesPerRow() + (long) segmentedItems * dimensions * Float.BYTES + graphBytes;
        } finally {
            read.unlock();
        }
    }

    /**
     * Bytes of the memory-mapped scratch file that holds the full-precision vectors with the int8
     * encoding (0 with float32): page cache rather than heap, so outside {@code -Xmx}, evictable, and
     * kept at its high-water mark while the index is open.
     */
    public long vectorScratchBytes() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return vectors.offHeapBytes();
        } finally {
            read.unlock();
        }
    }

    /** Number of items. */
    public long count() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return size;
        } finally {
            read.unlock();
        }
    }

    /** The number of items that pass the filter. */
    public long count(ItemFilter filter) {
        Lock read = lock.readLock();
        read.lock();
        try {
            if (filter.isEmpty()) {
                return size;
            }
            long matching = 0;
            for (int slot = 0; slot < size; slot++) {
                if (matches(slot, filter)) {
                    matching++;
                }
            }
            return matching;
        } finally {
            read.unlock();
        }
    }

    /**
     * Passes every item, with copies of its vectors, to the action under the read lock (which a
     * thread holding the write lock, e.g. in {@link Persistence#afterWrite}, may also take).
     */
    public void forEachItem(Consumer<StoredItem> action) {
        Lock read = lock.readLock();
        read.lock();
        try {
            for (int slot = 0; slot < size; slot++) {
                action.accept(materialise(slot));
            }
        } finally {
            read.unlock();
        }
    }

    /**
     * Top-k search by exact dot product, an item without segments by its own vector and a segmented
     * item by its best segment; see {@link VectorStore#search}. Scans every row once (in a pass shared
     * with concurrent searches when {@code batch-queries} is on). With an approximate row layout (int8
     * or a shortlist) the scan only picks the {@code topK x oversample} best items by estimate (each by
     * its best row, the filter applied); every row of those is then re-scored at full precision, and
     * the best segment, {@code minScore} and the ranking all go by these exact scores.
     *
     * @throws IllegalArgumentException for a query of the wrong dimension or {@code topK < 1}
     */
    public List<SearchHit> search(float[] query, int topK, double minScore, ItemFilter filter) {
        Objects.requireNonNull(query, "query");
        checkDimensions(query, "the query");
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        ItemFilter effectiveFilter = filter == null ? ItemFilter.NONE : filter;
        Lock read = lock.readLock();
        read.lock();
        try {
            TopK top = new TopK(Math.min(topK, Math.max(size, 1)), segmentedItems > 0);
            if (rows == 0) {
                return top.drainBestFirst();
            }
            List<SearchHit> approximate = searchGraph(query, topK, minScore, effectiveFilter);
            if (approximate != null) {
                return approximate;
            }
            float[] scores = scanRows(query);
            if (vectors.isExact()) {
                offerRows(scores, minScore, effectiveFilter, top);
                return top.drainBestFirst();
            }
            // Candidates by estimate, without minScore: it holds for exact scores, and an estimate
            // just below it may belong to an exact score above it.
            int wanted = (int) Math.min(Math.max(size, 1), (long) topK * vectorSettings.oversample());
            TopK candidates = new TopK(wanted, segmentedItems > 0);
            offerRows(scores, Double.NEGATIVE_INFINITY, effectiveFilter, candidates);
            rescore(query, candidates.slots(), minScore, top);
            return top.drainBestFirst();
        } finally {
            read.unlock();
        }
    }

    /**
     * BM25 keyword search over the items' titles and text parts; see {@link VectorStore#keywordSearch}.
     * Runs the Lucene search without the read lock and takes it only to turn candidates into hits,
     * so it holds up writers no longer than a vector search does.
     *
     * @throws IllegalArgumentException for {@code topK < 1}
     */
    public List<SearchHit> keywordSearch(String query, int topK, ItemFilter filter) {
        Objects.requireNonNull(query, "query");
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        ItemFilter effectiveFilter = filter == null ? ItemFilter.NONE : filter;
        return keywords.search(query, topK, (candidates, hits, limit) -> {
            Lock read = lock.readLock();
            read.lock();
            try {
                for (KeywordIndex.Candidate candidate : candidates) {
                    if (hits.size() == limit) {
                        return;
                    }
                    Integer slot = slotById.get(candidate.id());
                    // an entry of a since deleted or replaced version: its text is not the item's
                    if (slot == null || slots[slot].generation != candidate.generation()) {
                        continue;
                    }
                    if (!effectiveFilter.isEmpty() && !matches(slot, effectiveFilter)) {
                        continue;
                    }
                    hits.add(new SearchHit(materialise(slot), candidate.score()));
                }
            } finally {
                read.unlock();
            }
        });
    }

    /**
     * What a scored row adds to the result: an item without segments competes with its row's score;
     * a row of a segmented item either improves the entry its item already has in the heap or enters
     * it as a new one. Runs for rows at or above the minimum score only, so it is off the hot path
     * once the heap is full. The filter may allocate (BigDecimal), so it runs only for would-be hits.
     */
    private void offer(int row, float score, ItemFilter filter, TopK top) {
        if (!top.mayKeep(score)) {
            return;
        }
        int slot = rowSlots[row];
        int segment = rowSegments[row];
        if (segment != OWN_VECTOR && top.improve(slot, score, segment)) {
            return;
        }
        if (!top.admits(slot, score) || !filter.isEmpty() && !matches(slot, filter)) {
            return;
        }
        top.add(slot, score, segment);
    }

    /** Offers every row whose score reaches {@code minScore}; NaN scores never do. */
    private void offerRows(float[] scores, double minScore, ItemFilter filter, TopK top) {
        for (int row = 0; row < rows; row++) {
            float score = scores[row];
            // written this way round so that a NaN score is never returned
            if (!(score >= minScore)) {
                continue;
            }
            offer(row, score, filter, top);
        }
    }

    /**
     * Offers every row of the candidate items (which passed the filter already) by its exact score:
     * all of a segmented item's rows, since its best segment by estimate need not be its best one.
     */
    private void rescore(float[] query, int[] candidateSlots, double minScore, TopK top) {
        float[] scratch = new float[dimensions];
        for (int slot : candidateSlots) {
            for (int row : slots[slot].rows) {
                float score = exactScore(query, row, scratch);
                if (!(score >= minScore)) {
                    continue;
                }
                offer(row, score, ItemFilter.NONE, top);
            }
        }
    }

    private boolean matches(int slot, ItemFilter filter) {
        Slot entry = slots[slot];
        StoredItem item = entry.item;
        return filter.matches(item.id(), entry.modalities, entry.mimeTypes, item.createdAt(), item.metadata());
    }

    /**
     * Items in ascending id order after the cursor; see {@link VectorStore#list}.
     *
     * @throws InvalidCursorException   for a cursor that does not decode to an id
     * @throws IllegalArgumentException for {@code limit < 1}
     */
    public ItemPage list(int limit, String cursor, ItemFilter filter) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        String after = cursor == null ? null : StoredItems.decodeCursor(cursor);
        ItemFilter effectiveFilter = filter == null ? ItemFilter.NONE : filter;
        Lock read = lock.readLock();
        read.lock();
        try {
            NavigableSet<String> remaining = after == null ? orderedIds : orderedIds.tailSet(after, false);
            List<StoredItem> page = new ArrayList<>(Math.min(limit, size));
            boolean more = false;
            for (String id : remaining) {
                int slot = slotById.get(id);
                if (!effectiveFilter.isEmpty() && !matches(slot, effectiveFilter)) {
                    continue;
                }
                if (page.size() == limit) {
                    // one match beyond the page, so the last page can say it is the last
                    more = true;
                    break;
                }
                page.add(materialise(slot));
            }
            String next = more ? StoredItems.encodeCursor(page.get(page.size() - 1).id()) : null;
            return new ItemPage(List.copyOf(page), next);
        } finally {
            read.unlock();
        }
    }

    // ---- writes, all under the write lock ----

    /**
     * Inserts or replaces; returns the hashes no item refers to any more. A replacement keeps as
     * many of the old version's rows as it needs, adds rows when it has more segments and frees the
     * surplus when it has fewer.
     */
    private List<String> apply(StoredItem item, Set<String> hashes, long generation) {
        for (String hash : hashes) {
            contentReferences.merge(hash, 1, Integer::sum);
        }
        boolean segmented = item.isSegmented();
        int rowCount = segmented ? item.segments().size() : 1;
        Slot entry = new Slot(item.withVector(NO_VECTOR).withoutSegmentVectors(), hashes, generation,
                segmented ? item.vector() : null, rowCount);
        Integer existing = slotById.get(item.id());
        int slot;
        int[] oldRows = new int[0];
        List<String> released = List.of();
        if (existing != null) {
            slot = existing;
            Slot old = slots[slot];
            released = release(old.contentHashes);
            oldRows = old.rows;
            if (old.ownVector != null) {
                segmentedItems--;
            }
        } else {
            slot = size;
            if (slot == slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
            }
            size++;
            slotById.put(item.id(), slot);
            orderedIds.add(item.id());
        }
        // The new entry goes in first: moving rows below updates the row lists of the slots' entries.
        slots[slot] = entry;
        if (segmented) {
            segmentedItems++;
        }
        int reused = Math.min(oldRows.length, rowCount);
        for (int i = 0; i < rowCount; i++) {
            float[] vector = segmented ? item.segments().get(i).vector() : item.vector();
            int segment = segmented ? i : OWN_VECTOR;
            if (i < reused) {
                entry.rows[i] = oldRows[i];
                rowSegments[oldRows[i]] = segment;
                graphRetire(oldRows[i]);
                storeRow(oldRows[i], vector);
                graphReadd(oldRows[i], vector);
            } else {
                entry.rows[i] = addRow(vector, slot, segment);
            }
        }
        removeRows(Arrays.copyOfRange(oldRows, reused, oldRows.length));
        maybeBuildGraph();
        return released;
    }

    /** Removes a present item, filling its slot with the last one; returns released hashes. */
    private List<String> remove(String id) {
        int slot = slotById.remove(id);
        orderedIds.remove(id);
        Slot removed = slots[slot];
        removeRows(removed.rows.clone());
        int last = size - 1;
        if (slot != last) {
            Slot moved = slots[last];
            slots[slot] = moved;
            slotById.put(moved.item.id(), slot);
            for (int row : moved.rows) {
                rowSlots[row] = slot;
            }
        }
        slots[last] = null;
        size--;
        if (removed.ownVector != null) {
            segmentedItems--;
        }
        return release(removed.contentHashes);
    }

    /** Appends a row for segment {@code segment} (or {@link #OWN_VECTOR}) of the item in {@code slot}. */
    private int addRow(float[] vector, int slot, int segment) {
        int row = rows;
        if (row == rowSlots.length) {
            rowSlots = Arrays.copyOf(rowSlots, row * 2);
            rowSegments = Arrays.copyOf(rowSegments, row * 2);
            rowNodes = Arrays.copyOf(rowNodes, row * 2);
        }
        appendRow(vector);
        graphAdd(row, vector);
        rowSlots[row] = slot;
        rowSegments[row] = segment;
        rows++;
        return row;
    }

    /**
     * Removes these rows (no longer listed by any slot), each by moving the last row into its hole.
     * Highest first: then the last row is never one still to be removed, and the slot it belongs to
     * lists it, so its entry there can follow the move.
     */
    private void removeRows(int[] doomed) {
        Arrays.sort(doomed);
        for (int i = doomed.length - 1; i >= 0; i--) {
            int row = doomed[i];
            int last = rows - 1;
            graphRemove(row, last);
            swapRemoveRow(row);
            if (row != last) {
                int owner = rowSlots[last];
                int segment = rowSegments[last];
                rowSlots[row] = owner;
                rowSegments[row] = segment;
                slots[owner].rows[segment == OWN_VECTOR ? 0 : segment] = row;
            }
            rows--;
        }
    }

    private List<String> release(Set<String> hashes) {
        List<String> unreferenced = new ArrayList<>();
        for (String hash : hashes) {
            int left = contentReferences.merge(hash, -1, Integer::sum);
            if (left == 0) {
                contentReferences.remove(hash);
                unreferenced.add(hash);
            }
        }
        return unreferenced;
    }

    /**
     * Brings the keyword index up to an applied upsert. The write is already applied (and durable),
     * so a failure here is logged, not thrown: the item is then missing from keyword results (its
     * older entry, if any, no longer matches its generation) until it is written again.
     */
    private void indexKeywords(StoredItem item, long generation) {
        try {
            keywords.put(item, generation);
        } catch (RuntimeException e) {
            log.error("could not index the text of item '{}'; keyword search will miss it until it is written again",
                    item.id(), e);
        }
    }

    /** Drops a deleted item's keyword entry; a failure leaves an entry that no search returns. */
    private void dropKeywords(String id) {
        try {
            keywords.remove(id);
        } catch (RuntimeException e) {
            log.warn("could not drop the keyword entry of deleted item '{}'; it is ignored", id, e);
        }
    }

    private void deleteContents(List<String> hashes) {
        for (String hash : hashes) {
            try {
                persistence.deleteContent(hash);
            } catch (IOException e) {
                // harmless: the original is unreferenced, and a durable store sweeps such leftovers on open
                log.warn("could not delete unreferenced content {}", hash, e);
            }
        }
    }

    /**
     * Originals the item needs that are not stored yet, all checked to be supplied before anything
     * is written (their bytes are checked as they are written).
     */
    private List<IncomingContent> newContents(String id, Set<String> hashes, Map<String, ContentSource> supplied) {
        List<IncomingContent> toWrite = new ArrayList<>();
        for (String hash : hashes) {
            if (contentReferences.containsKey(hash)) {
                continue;
            }
            ContentSource source = supplied.get(hash);
            if (source == null) {
                throw new IllegalArgumentException("item '" + id + "' refers to content " + hash
                        + ", which was neither supplied nor is already stored");
            }
            toWrite.add(new IncomingContent(id, hash, source));
        }
        return toWrite;
    }

    // ---- validation and helpers ----

    private StoredItem accept(StoredItem item) {
        return StoredItems.accept(item, dimensions);
    }

    private void checkDimensions(float[] vector, String what) {
        StoredItems.checkDimensions(vector, dimensions, what);
    }

    /** The item in this slot with copies of its vectors. */
    private StoredItem materialise(int slot) {
        Slot entry = slots[slot];
        StoredItem item = entry.item;
        if (entry.ownVector == null) {
            return item.withVector(loadRow(entry.rows[0]));
        }
        List<StoredSegment> segments = new ArrayList<>(entry.rows.length);
        for (int i = 0; i < entry.rows.length; i++) {
            segments.add(item.segments().get(i).withVector(loadRow(entry.rows[i])));
        }
        return new StoredItem(item.id(), item.title(), item.metadata(), item.parts(), item.createdAt(),
                entry.ownVector.clone(), segments);
    }

    // ---- row storage: the only code that knows how row vectors are laid out and scored ----

    /**
     * The scan score of every row, {@code scores[row]}: exact dot products, or estimates when the
     * layout is approximate. Through the batcher, whose passes other searches may share; the caller
     * holds the read lock, which keeps writers away for the whole pass as the batcher requires.
     */
    private float[] scanRows(float[] query) {
        float[] scores = new float[rows];
        if (batcher != null) {
            batcher.search(query, scores);
        } else {
            vectors.scan(query, scores);
        }
        return scores;
    }

    /** The exact dot product with a row's full-precision vector; {@code scratch} holds it when it is off the heap. */
    private float exactScore(float[] query, int row, float[] scratch) {
        if (vectors.encoding() == VectorEncoding.FLOAT32) {
            return vectors.exactScore(query, row);
        }
        vectors.vector(row, scratch);
        return vectors.kernel().dot(query, scratch, 0, dimensions);
    }

    /** Heap bytes one row takes in the configured layout (see {@link #vectorMemoryBytes()}). */
    private long heapBytesPerRow() {
        int prefix = vectors.shortlistDimensions();
        if (vectors.encoding() == VectorEncoding.INT8) {
            return (prefix > 0 ? prefix : dimensions) + Float.BYTES;
        }
        return ((long) dimensions + prefix) * Float.BYTES;
    }

    /** Appends a row; it becomes row {@code rows}. */
    private void appendRow(float[] vector) {
        vectors.append(vector);
    }

    private void storeRow(int row, float[] vector) {
        vectors.replace(row, vector);
    }

    /** Removes a row by moving the last row into its place (storage only; the caller moves the bookkeeping). */
    private void swapRemoveRow(int row) {
        vectors.removeBySwap(row);
    }

    /** A copy of the row's full-precision vector. */
    private float[] loadRow(int row) {
        return vectors.vector(row);
    }

    // ---- the HNSW graph: nodes are rows, under ids that stay put when rows move ----

    /**
     * The search through the graph when the policy picks it (enough rows, a filter that is not
     * restrictive), else null and the caller scans. Null too when the walk hit its visit limit, or
     * when segment rows of the same items crowded out the items asked for: then the scan is exact and
     * costs less than a wider walk. Graph scores are exact (the graph reads the float32 rows, or its own float32 copies of int8 rows), so
     * {@code minScore} and the ranking go by them.
     */
    private List<SearchHit> searchGraph(float[] query, int topK, double minScore, ItemFilter filter) {
        if (graph == null) {
            return null;
        }
        java.util.function.IntPredicate accept = filter.isEmpty() ? null
                : node -> matches(rowSlots[nodeRows[node]], filter);
        double selectivity = accept == null ? 1.0 : graph.estimateSelectivity(accept, SELECTIVITY_SAMPLES);
        HnswPlan plan = policy.plan(rows, topK, selectivity, true);
        if (plan.isExact()) {
            return null;
        }
        boolean segments = segmentedItems > 0;
        int k = (int) Math.min(rows, segments ? (long) topK * SEGMENT_FANOUT : topK);
        HnswResult result = graph.search(query, k, Math.max(plan.ef(), k), accept, plan.visitLimit());
        if (!result.complete()) {
            return null;
        }
        TopK top = new TopK(Math.min(topK, Math.max(size, 1)), segments);
        List<HnswHit> hits = result.hits();
        for (HnswHit hit : hits) {
            if (!(hit.score() >= minScore)) {
                break; // best first: the rest score lower still
            }
            offer(nodeRows[hit.node()], hit.score(), ItemFilter.NONE, top);
        }
        boolean moreMightMatch = hits.size() == k && k < rows && hits.get(k - 1).score() >= minScore;
        if (segments && top.count < topK && moreMightMatch) {
            return null;
        }
        graphSearches.increment();
        return top.drainBestFirst();
    }

    private HnswIndex.Options graphOptions() {
        return HnswIndex.Options.of(hnswSettings);
    }

    /** Builds the graph over all rows once they reach {@code min-items}, unless building is deferred. */
    private void maybeBuildGraph() {
        if (graph != null || graphDeferred || !hnswSettings.enabled() || rows < Math.max(1, hnswSettings.minItems())) {
            return;
        }
        long start = System.nanoTime();
        graphVectors = newGraphVectors();
        nodeRows = new int[Math.max(16, rows)];
        freeNodeCount = 0;
        nextNode = rows;
        int[] nodes = new int[rows];
        float[] vector = graphVectors instanceof HnswFloatVectors ? new float[dimensions] : null;
        for (int row = 0; row < rows; row++) {
            if (graphVectors instanceof HnswFloatVectors copies) {
                vectors.vector(row, vector);
                copies.put(row, vector);
            }
            rowNodes[row] = row;
            nodeRows[row] = row;
            nodes[row] = row;
        }
        graph = HnswIndex.build(graphVectors, vectors.kernel()::dot, graphOptions(), nodes);
        graphBuilds++;
        log.info("built the HNSW graph over {} vectors in {} ms", rows, (System.nanoTime() - start) / 1_000_000);
    }

    private void graphAdd(int row, float[] vector) {
        if (graph == null) {
            return;
        }
        int node = freeNodeCount > 0 ? freeNodes[--freeNodeCount] : nextNode++;
        if (node >= nodeRows.length) {
            nodeRows = Arrays.copyOf(nodeRows, Math.max(16, node * 2));
        }
        rowNodes[row] = node;
        nodeRows[node] = row;
        putGraphVector(node, vector);
        graph.add(node);
    }

    /**
     * A row's vector is about to change: its node is removed (a tombstone, which keeps a copy of the
     * old vector); call before the row is overwritten, then {@link #graphReadd}.
     */
    private void graphRetire(int row) {
        if (graph != null) {
            graph.remove(rowNodes[row]);
        }
    }

    /** Adds a row's node again after {@link #graphRetire} and the row's new vector. */
    private void graphReadd(int row, float[] vector) {
        if (graph == null) {
            return;
        }
        int node = rowNodes[row];
        putGraphVector(node, vector);
        graph.add(node);
    }

    private HnswVectors newGraphVectors() {
        return vectors.hasHeapFloats() ? new RowView() : new HnswFloatVectors(dimensions);
    }

    /** Gives the graph the node's vector: a copy when it keeps its own, nothing to do when it reads the rows. */
    private void putGraphVector(int node, float[] vector) {
        if (graphVectors instanceof HnswFloatVectors copies) {
            copies.put(node, vector);
        }
    }

    /**
     * The graph's vectors read in place from the float32 rows, node to row through {@link #nodeRows}:
     * {@link HnswVectors}' contract holds because rows move and nodes are re-pointed only under the
     * write lock, with no graph call in between (a node is removed from the graph before its row is
     * overwritten or moved away), while graph searches hold the read lock.
     */
    private final class RowView implements HnswVectors {

        @Override
        public int dimensions() {
            return dimensions;
        }

        @Override
        public float[] array(int node) {
            return vectors.floatArray(nodeRows[node]);
        }

        @Override
        public int offset(int node) {
            return vectors.floatOffset(nodeRows[node]);
        }
    }

    /** Before {@code row} is removed and {@code last} moves into it: tombstones its node, re-points the moved one. */
    private void graphRemove(int row, int last) {
        if (graph == null) {
            return;
        }
        int node = rowNodes[row];
        graph.remove(node);
        nodeRows[node] = -1;
        if (freeNodeCount == freeNodes.length) {
            freeNodes = Arrays.copyOf(freeNodes, freeNodeCount * 2);
        }
        freeNodes[freeNodeCount++] = node;
        if (row != last) {
            int moved = rowNodes[last];
            rowNodes[row] = moved;
            nodeRows[moved] = row;
        }
    }

    /**
     * Holds off building the graph, for a store about to replay its log: the graph is then built once
     * over the replayed rows (or loaded), not grown write by write. Call before any write.
     */
    public void deferGraph() {
        runExclusively(() -> graphDeferred = true);
    }

    /** Ends {@link #deferGraph}: builds the graph now if there is none and the rows call for one. */
    public void resumeGraph() {
        runExclusively(() -> {
            graphDeferred = false;
            maybeBuildGraph();
        });
    }

    /** Whether an HNSW graph is kept (and, when the policy agrees, searched). */
    public boolean hasGraph() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return graph != null;
        } finally {
            read.unlock();
        }
    }

    /** How often a graph was built from the rows (not loaded) since the index was created. */
    public int graphBuilds() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return graphBuilds;
        } finally {
            read.unlock();
        }
    }

    /** How many searches the HNSW graph answered (the others scanned). */
    public long graphSearches() {
        return graphSearches.sum();
    }

    /** Whether the graph was read back by {@link #loadGraph} rather than built. */
    public boolean graphLoaded() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return graphLoaded;
        } finally {
            read.unlock();
        }
    }

    /**
     * Writes the graph, if there is one, as {@code graphFile} plus {@code nodesFile} (which row, by
     * item id and segment, each live node is), both stamped with {@code position}: how far into the
     * caller's history of writes (e.g. its log) the index is. Without a graph, deletes both files.
     * Must run with writers held off (e.g. in {@link #runExclusively}).
     *
     * @throws IOException when a file cannot be written; a later {@link #loadGraph} then rejects the pair
     */
    public void saveGraph(Path graphFile, Path nodesFile, long position) throws IOException {
        if (graph == null) {
            Files.deleteIfExists(nodesFile);
            Files.deleteIfExists(graphFile);
            return;
        }
        Path temp = nodesFile.resolveSibling(nodesFile.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
            out.writeInt(NODES_MAGIC);
            out.writeLong(position);
            out.writeInt(dimensions);
            out.writeInt(rows);
            for (int row = 0; row < rows; row++) {
                out.writeInt(rowNodes[row]);
                out.writeUTF(slots[rowSlots[row]].item.id());
                out.writeInt(rowSegments[row]);
            }
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, nodesFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        graph.save(graphFile, new HnswCheckpoint(0, position));
    }

    /**
     * Reads back a graph saved by {@link #saveGraph} at {@code position}, which must be where the
     * caller's history stands now (it replays later writes afterwards, which the graph then follows).
     * A missing, stale, corrupt or mismatched pair is logged and ignored: the graph is then built as
     * usual. Call with the graph deferred and writers held off, before any other reader.
     *
     * @return whether the graph was loaded
     */
    public boolean loadGraph(Path graphFile, Path nodesFile, long position) {
        if (!hnswSettings.enabled() || !Files.exists(graphFile) || !Files.exists(nodesFile)) {
            return false;
        }
        boolean[] loaded = {false};
        runExclusively(() -> {
            try {
                loaded[0] = readGraph(graphFile, nodesFile, position);
            } catch (IOException | RuntimeException e) {
                log.warn("could not load the HNSW graph {}; building it anew: {}", graphFile, e.toString());
            }
            if (!loaded[0]) {
                graph = null;
                graphVectors = null;
            }
        });
        return loaded[0];
    }

    private boolean readGraph(Path graphFile, Path nodesFile, long position) throws IOException {
        HnswVectors graphReads = newGraphVectors();
        HnswFloatVectors copies = graphReads instanceof HnswFloatVectors own ? own : null;
        int[] mappedRows;
        int maxNode = -1;
        int[] nodeOfRow = new int[Math.max(rows, 1)];
        Arrays.fill(nodeOfRow, -1);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(nodesFile)))) {
            long saved = in.readInt() == NODES_MAGIC ? in.readLong() : -1;
            if (saved != position || in.readInt() != dimensions) {
                log.warn("the HNSW graph {} is stale (saved at log position {}, the log is at {}); building it anew",
                        graphFile, saved, position);
                return false;
            }
            int count = in.readInt();
            if (count != rows) {
                log.warn("the HNSW graph {} holds {} vectors, the store {}; building it anew", graphFile, count, rows);
                return false;
            }
            float[] vector = new float[dimensions];
            for (int i = 0; i < count; i++) {
                int node = in.readInt();
                Integer slot = slotById.get(in.readUTF());
                int segment = in.readInt();
                int row = slot == null ? -1 : rowOf(slots[slot], segment);
                if (node < 0 || row < 0 || nodeOfRow[row] >= 0) {
                    log.warn("the HNSW graph {} does not match the store's items; building it anew", graphFile);
                    return false;
                }
                nodeOfRow[row] = node;
                maxNode = Math.max(maxNode, node);
                if (copies != null) {
                    vectors.vector(row, vector);
                    copies.put(node, vector);
                }
            }
        }
        mappedRows = new int[Math.max(16, maxNode + 1)];
        Arrays.fill(mappedRows, -1);
        for (int row = 0; row < rows; row++) {
            mappedRows[nodeOfRow[row]] = row;
        }
        // the row view reads through nodeRows; on failure the graph is dropped and nodeRows with it
        nodeRows = mappedRows;
        HnswIndex.Loaded read;
        try {
            read = HnswIndex.load(graphFile, graphReads, vectors.kernel()::dot, graphOptions());
        } catch (HnswUnusableFileException e) {
            log.warn("the HNSW graph {} is unusable ({}); building it anew", graphFile, e.getMessage());
            return false;
        }
        if (read.checkpoint().position() != position || read.index().size() != rows) {
            log.warn("the HNSW graph {} does not match its node list; building it anew", graphFile);
            return false;
        }
        for (int row = 0; row < rows; row++) {
            if (!read.index().contains(nodeOfRow[row])) {
                log.warn("the HNSW graph {} lacks a node its node list names; building it anew", graphFile);
                return false;
            }
            rowNodes[row] = nodeOfRow[row];
        }
        freeNodeCount = 0;
        for (int node = 0; node <= maxNode; node++) {
            if (mappedRows[node] < 0) {
                if (freeNodeCount == freeNodes.length) {
                    freeNodes = Arrays.copyOf(freeNodes, freeNodeCount * 2);
                }
                freeNodes[freeNodeCount++] = node;
            }
        }
        nextNode = maxNode + 1;
        graphVectors = graphReads;
        graph = read.index();
        graphLoaded = true;
        log.info("loaded the HNSW graph {} over {} vectors (log position {})", graphFile, rows, position);
        return true;
    }

    /** The row of an item's segment ({@link #OWN_VECTOR} for an item without segments), or -1. */
    private static int rowOf(Slot entry, int segment) {
        if (segment == OWN_VECTOR) {
            return entry.ownVector == null ? entry.rows[0] : -1;
        }
        return entry.ownVector != null && segment >= 0 && segment < entry.rows.length ? entry.rows[segment] : -1;
    }

    private static final int NODES_MAGIC = 0x484e4f44; // "HNOD"

    /**
     * The log position a node list written by {@link #saveGraph} was saved at, so that a store can
     * load the graph at that point of its replay; empty when the file is missing or unreadable.
     */
    public static java.util.OptionalLong savedGraphPosition(Path nodesFile) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(nodesFile)))) {
            return in.readInt() == NODES_MAGIC ? java.util.OptionalLong.of(in.readLong()) : java.util.OptionalLong.empty();
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
    }

    // ---- the result heap ----

    /**
     * The best {@code capacity} items seen so far, each with its best score and the segment that
     * scored it, as a min-heap in primitive arrays whose root is the worst kept hit: lowest score,
     * then highest id. An item is kept at most once: when a segmented item's row scores again, its
     * entry is improved in place, found through {@link SlotPositions} (used only when the index
     * holds segmented items, so a search without them does exactly what it did before segments).
     */
    private final class TopK {

        private final int[] heapSlots;
        private final float[] heapScores;
        private final int[] heapSegments;
        /** Heap position of each kept segmented item; null when the index holds none. */
        private final SlotPositions positions;
        private int count;

        TopK(int capacity, boolean segments) {
            heapSlots = new int[capacity];
            heapScores = new float[capacity];
            heapSegments = new int[capacity];
            positions = segments ? new SlotPositions(capacity) : null;
        }

        /**
         * Whether a row with this score could matter: the heap has room, or the score reaches the
         * worst kept one (which every kept entry, improvable or not, is at least).
         */
        boolean mayKeep(float score) {
            return count < heapSlots.length || score >= heapScores[0];
        }

        /**
         * For a segment row: when its item is kept already, raises the entry to this score and
         * segment if they are better (a higher score, or the same with a lower segment index) and
         * returns true; returns false when the item is not kept.
         */
        boolean improve(int slot, float score, int segment) {
            int at = positions.get(slot);
            if (at < 0) {
                return false;
            }
            if (score > heapScores[at] || score == heapScores[at] && segment < heapSegments[at]) {
                heapScores[at] = score;
                heapSegments[at] = segment;
                siftDown(at);
            }
            return true;
        }

        /** Whether an item not kept yet, with this score, would be. */
        boolean admits(int slot, float score) {
            return count < heapSlots.length || better(slot, score, heapSlots[0], heapScores[0]);
        }

        /** Adds an item that {@link #admits} accepted, evicting the worst when full. */
        void add(int slot, float score, int segment) {
            int at;
            if (count < heapSlots.length) {
                at = count++;
            } else {
                at = 0;
                if (heapSegments[0] != OWN_VECTOR) {
                    positions.remove(heapSlots[0]);
                }
            }
            heapSlots[at] = slot;
            heapScores[at] = score;
            heapSegments[at] = segment;
            track(at);
            if (at == 0) {
                siftDown(0);
            } else {
                siftUp(at);
            }
        }

        /** The slots of the kept items, in no particular order. */
        int[] slots() {
            return Arrays.copyOf(heapSlots, count);
        }

        List<SearchHit> drainBestFirst() {
            SearchHit[] hits = new SearchHit[count];
            while (count > 0) {
                int slot = heapSlots[0];
                float score = heapScores[0];
                int segment = heapSegments[0];
                if (segment != OWN_VECTOR) {
                    positions.remove(slot);
                }
                count--;
                heapSlots[0] = heapSlots[count];
                heapScores[0] = heapScores[count];
                heapSegments[0] = heapSegments[count];
                track(0);
                siftDown(0);
                // float rounding can push a perfect match just past 1
                double clamped = Math.max(-1.0, Math.min(1.0, score));
                StoredItem item = materialise(slot);
                hits[count] = new SearchHit(item, clamped, segment == OWN_VECTOR ? null : item.segments().get(segment));
            }
            return List.of(hits);
        }

        private boolean better(int slotA, float scoreA, int slotB, float scoreB) {
            if (scoreA != scoreB) {
                return scoreA > scoreB;
            }
            return slots[slotA].item.id().compareTo(slots[slotB].item.id()) < 0;
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!better(heapSlots[parent], heapScores[parent], heapSlots[i], heapScores[i])) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= count) {
                    return;
                }
                int worst = left;
                int right = left + 1;
                if (right < count && better(heapSlots[left], heapScores[left], heapSlots[right], heapScores[right])) {
                    worst = right;
                }
                if (!better(heapSlots[i], heapScores[i], heapSlots[worst], heapScores[worst])) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            int slot = heapSlots[a];
            heapSlots[a] = heapSlots[b];
            heapSlots[b] = slot;
            float score = heapScores[a];
            heapScores[a] = heapScores[b];
            heapScores[b] = score;
            int segment = heapSegments[a];
            heapSegments[a] = heapSegments[b];
            heapSegments[b] = segment;
            track(a);
            track(b);
        }

        /** Records where the entry at {@code at} now is, if it is a segmented item's. */
        private void track(int at) {
            if (at < count && heapSegments[at] != OWN_VECTOR) {
                positions.put(heapSlots[at], at);
            }
        }
    }

    /**
     * Slot to heap position for the few items a {@code TopK} keeps: open addressing with linear
     * probing over primitive arrays at most half full, and backward-shift deletion (no tombstones),
     * so a search allocates O(topK) for it, not O(items).
     */
    private static final class SlotPositions {

        /** {@code slot + 1}, or 0 for an empty cell. */
        private final int[] keys;
        private final int[] values;
        private final int mask;

        SlotPositions(int capacity) {
            int cells = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
            keys = new int[cells];
            values = new int[cells];
            mask = cells - 1;
        }

        /** The position of the slot, or -1 when it is not kept. */
        int get(int slot) {
            for (int i = home(slot); keys[i] != 0; i = (i + 1) & mask) {
                if (keys[i] == slot + 1) {
                    return values[i];
                }
            }
            return -1;
        }

        void put(int slot, int position) {
            int i = home(slot);
            while (keys[i] != 0 && keys[i] != slot + 1) {
                i = (i + 1) & mask;
            }
            keys[i] = slot + 1;
            values[i] = position;
        }

        void remove(int slot) {
            int hole = home(slot);
            while (keys[hole] != slot + 1) {
                if (keys[hole] == 0) {
                    return;
                }
                hole = (hole + 1) & mask;
            }
            // Shift back every later entry of the run that may live in the hole, so lookups never
            // stop early at it.
            for (int i = (hole + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
                int home = home(keys[i] - 1);
                boolean staysPut = hole <= i ? hole < home && home <= i : hole < home || home <= i;
                if (!staysPut) {
                    keys[hole] = keys[i];
                    values[hole] = values[i];
                    hole = i;
                }
            }
            keys[hole] = 0;
        }

        private int home(int slot) {
            int mixed = slot * 0x9E3779B9;
            return (mixed ^ (mixed >>> 16)) & mask;
        }
    }
}
