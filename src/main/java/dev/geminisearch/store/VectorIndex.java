package dev.geminisearch.store;

import dev.geminisearch.media.Modality;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * The in-memory part every local {@link VectorStore} shares: items by id, their vectors in
 * contiguous blocks for exact search, an id-ordered view for listing, and reference counts of the
 * originals their media parts point to. Where originals live and whether writes are logged is up
 * to the store's {@link Persistence}.
 *
 * <p>Vectors sit in {@code float[]} blocks of {@value #VECTORS_PER_BLOCK} vectors each, one slot per
 * item, so a million 3072-dimension vectors never need an array longer than {@code 2^31}; a delete
 * moves the last slot into the hole, keeping the slots dense.
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

        /** Keeps an original; must be durable before returning if the store is. */
        void writeContent(String contentHash, byte[] bytes) throws IOException;

        /** The original stored under this hash, which the index knows to be referenced. */
        Optional<byte[]> readContent(String contentHash) throws IOException;

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

    /** Vectors per block: 1024 x 3072 floats is 12 MiB, small enough to allocate at any time. */
    static final int VECTORS_PER_BLOCK = 1024;

    /** Keeps {@code VECTORS_PER_BLOCK * dimensions} within one Java array. */
    static final int MAX_DIMENSIONS = 65_536;

    private static final Logger log = LoggerFactory.getLogger(VectorIndex.class);

    private final int dimensions;
    private final Persistence persistence;
    private final DotProduct kernel = new DotProduct();
    private final KeywordIndex keywords = new KeywordIndex();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Serialises writers; only they change the state below, so they may read it without the read lock. */
    private final java.util.concurrent.locks.ReentrantLock writerLock = new java.util.concurrent.locks.ReentrantLock();

    // Everything below is guarded by lock.
    private final List<float[]> blocks = new ArrayList<>();
    private Slot[] slots = new Slot[64];
    private int size;
    private final Map<String, Integer> slotById = new HashMap<>();
    private final NavigableSet<String> orderedIds = new TreeSet<>();
    private final Map<String, Integer> contentReferences = new HashMap<>();
    /** The generation of the last apply; the keyword entry of an item version carries its own. */
    private long generations;

    /**
     * An item without its vector (which lives in a block), with what search, filters and
     * refcounting need, and the generation of its keyword entry.
     */
    private record Slot(StoredItem item, Set<Modality> modalities, List<String> mimeTypes, Set<String> contentHashes,
                        long generation) {
    }

    /**
     * @param dimensions  vector size of every item and query, 1 to {@value #MAX_DIMENSIONS}
     * @param persistence where originals go and how writes are recorded
     */
    public VectorIndex(int dimensions, Persistence persistence) {
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("dimensions must be between 1 and " + MAX_DIMENSIONS + ", was " + dimensions);
        }
        this.dimensions = dimensions;
        this.persistence = Objects.requireNonNull(persistence, "persistence");
    }

    public int dimensions() {
        return dimensions;
    }

    /**
     * Stores or replaces the item and the originals it needs; see {@link VectorStore#upsert}.
     *
     * @throws IllegalArgumentException for a wrong dimension, bad metadata, a malformed content hash,
     *                                  a missing original or one whose bytes do not match its hash
     * @throws UncheckedIOException     when the persistence fails; the index is then unchanged
     */
    public UpsertOutcome upsert(StoredItem item, Map<String, byte[]> contents) {
        StoredItem accepted = accept(item);
        Map<String, byte[]> supplied = contents == null ? Map.of() : contents;
        Set<String> hashes = StoredItems.contentHashes(accepted);
        writerLock.lock();
        try {
            Map<String, byte[]> toWrite = newContents(accepted.id(), hashes, supplied);
            List<String> written = new ArrayList<>();
            try {
                for (Map.Entry<String, byte[]> content : toWrite.entrySet()) {
                    persistence.writeContent(content.getKey(), content.getValue());
                    written.add(content.getKey());
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
                    doomed.add(slots[slot].item().id());
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
        indexKeywords(accepted, generation);
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
        if (removed) {
            dropKeywords(id);
        }
    }

    /**
     * Releases the keyword index; the store calls this as it closes, after which keyword searches
     * fail. Idempotent.
     */
    @Override
    public void close() {
        keywords.close();
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

    /** The item with its vector (a copy); empty when absent. */
    public Optional<StoredItem> find(String id) {
        Lock read = lock.readLock();
        read.lock();
        try {
            Integer slot = slotById.get(id);
            return slot == null ? Optional.empty() : Optional.of(withVector(slot));
        } finally {
            read.unlock();
        }
    }

    /** The original stored under this hash; empty when no item refers to it. */
    public Optional<byte[]> content(String contentHash) {
        if (!StoredItems.isContentHash(contentHash)) {
            return Optional.empty();
        }
        Lock read = lock.readLock();
        read.lock();
        try {
            if (!contentReferences.containsKey(contentHash)) {
                return Optional.empty();
            }
            return persistence.readContent(contentHash);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read content " + contentHash, e);
        } finally {
            read.unlock();
        }
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
     * Passes every item, with a copy of its vector, to the action under the read lock (which a
     * thread holding the write lock, e.g. in {@link Persistence#afterWrite}, may also take).
     */
    public void forEachItem(Consumer<StoredItem> action) {
        Lock read = lock.readLock();
        read.lock();
        try {
            for (int slot = 0; slot < size; slot++) {
                action.accept(withVector(slot));
            }
        } finally {
            read.unlock();
        }
    }

    /**
     * Exact top-k search by dot product; see {@link VectorStore#search}.
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
            TopK top = new TopK(Math.min(topK, Math.max(size, 1)));
            scoreAll(query, minScore, effectiveFilter, top);
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
                    if (slot == null || slots[slot].generation() != candidate.generation()) {
                        continue;
                    }
                    if (!effectiveFilter.isEmpty() && !matches(slot, effectiveFilter)) {
                        continue;
                    }
                    hits.add(new SearchHit(withVector(slot), candidate.score()));
                }
            } finally {
                read.unlock();
            }
        });
    }

    private void scoreAll(float[] query, double minScore, ItemFilter filter, TopK top) {
        boolean filtered = !filter.isEmpty();
        for (int block = 0, first = 0; first < size; block++, first += VECTORS_PER_BLOCK) {
            float[] vectors = blocks.get(block);
            int inBlock = Math.min(VECTORS_PER_BLOCK, size - first);
            for (int i = 0; i < inBlock; i++) {
                float score = kernel.dot(query, vectors, i * dimensions, dimensions);
                // written this way round so that a NaN score is never returned
                if (!(score >= minScore)) {
                    continue;
                }
                int slot = first + i;
                // the filter may allocate (BigDecimal), so it runs only for would-be hits
                if (!top.admits(slot, score) || filtered && !matches(slot, filter)) {
                    continue;
                }
                top.add(slot, score);
            }
        }
    }

    private boolean matches(int slot, ItemFilter filter) {
        Slot entry = slots[slot];
        StoredItem item = entry.item();
        return filter.matches(item.id(), entry.modalities(), entry.mimeTypes(), item.createdAt(), item.metadata());
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
                page.add(withVector(slot));
            }
            String next = more ? StoredItems.encodeCursor(page.get(page.size() - 1).id()) : null;
            return new ItemPage(List.copyOf(page), next);
        } finally {
            read.unlock();
        }
    }

    // ---- writes, all under the write lock ----

    /** Inserts or replaces; returns the hashes no item refers to any more. */
    private List<String> apply(StoredItem item, Set<String> hashes, long generation) {
        for (String hash : hashes) {
            contentReferences.merge(hash, 1, Integer::sum);
        }
        Slot entry = new Slot(item.withVector(new float[0]), Collections.unmodifiableSet(EnumSet.copyOf(item.modalities())),
                item.mimeTypes(), hashes, generation);
        Integer existing = slotById.get(item.id());
        int slot;
        List<String> released = List.of();
        if (existing != null) {
            slot = existing;
            released = release(slots[slot].contentHashes());
        } else {
            slot = size;
            if (slot == slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
            }
            if (slot / VECTORS_PER_BLOCK == blocks.size()) {
                blocks.add(new float[VECTORS_PER_BLOCK * dimensions]);
            }
            size++;
            slotById.put(item.id(), slot);
            orderedIds.add(item.id());
        }
        slots[slot] = entry;
        System.arraycopy(item.vector(), 0, block(slot), offset(slot), dimensions);
        return released;
    }

    /** Removes a present item, filling its slot with the last one; returns released hashes. */
    private List<String> remove(String id) {
        int slot = slotById.remove(id);
        orderedIds.remove(id);
        Slot removed = slots[slot];
        int last = size - 1;
        if (slot != last) {
            System.arraycopy(block(last), offset(last), block(slot), offset(slot), dimensions);
            slots[slot] = slots[last];
            slotById.put(slots[slot].item().id(), slot);
        }
        slots[last] = null;
        size--;
        // keep one spare block so that alternating upsert/delete at a boundary does not reallocate
        int needed = (size + VECTORS_PER_BLOCK - 1) / VECTORS_PER_BLOCK + 1;
        while (blocks.size() > needed) {
            blocks.remove(blocks.size() - 1);
        }
        return release(removed.contentHashes());
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

    /** Originals the item needs that are not stored yet, checked before anything is written. */
    private Map<String, byte[]> newContents(String id, Set<String> hashes, Map<String, byte[]> supplied) {
        Map<String, byte[]> toWrite = new LinkedHashMap<>();
        for (String hash : hashes) {
            if (contentReferences.containsKey(hash)) {
                continue;
            }
            byte[] bytes = supplied.get(hash);
            if (bytes == null) {
                throw new IllegalArgumentException("item '" + id + "' refers to content " + hash
                        + ", which was neither supplied nor is already stored");
            }
            toWrite.put(hash, StoredItems.checkContent(id, hash, bytes));
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

    private StoredItem withVector(int slot) {
        float[] vector = new float[dimensions];
        System.arraycopy(block(slot), offset(slot), vector, 0, dimensions);
        return slots[slot].item().withVector(vector);
    }

    private float[] block(int slot) {
        return blocks.get(slot / VECTORS_PER_BLOCK);
    }

    private int offset(int slot) {
        return (slot % VECTORS_PER_BLOCK) * dimensions;
    }

    /**
     * The best {@code capacity} (slot, score) pairs seen so far, as a min-heap in primitive arrays
     * whose root is the worst kept hit: lowest score, then highest id.
     */
    private final class TopK {

        private final int[] heapSlots;
        private final float[] heapScores;
        private int count;

        TopK(int capacity) {
            heapSlots = new int[capacity];
            heapScores = new float[capacity];
        }

        /** Whether a hit with this score would be kept. */
        boolean admits(int slot, float score) {
            return count < heapSlots.length || better(slot, score, heapSlots[0], heapScores[0]);
        }

        /** Adds a hit that {@link #admits} accepted. */
        void add(int slot, float score) {
            if (count < heapSlots.length) {
                int i = count++;
                heapSlots[i] = slot;
                heapScores[i] = score;
                siftUp(i);
            } else {
                heapSlots[0] = slot;
                heapScores[0] = score;
                siftDown(0);
            }
        }

        List<SearchHit> drainBestFirst() {
            SearchHit[] hits = new SearchHit[count];
            while (count > 0) {
                int slot = heapSlots[0];
                float score = heapScores[0];
                count--;
                heapSlots[0] = heapSlots[count];
                heapScores[0] = heapScores[count];
                siftDown(0);
                // float rounding can push a perfect match just past 1
                double clamped = Math.max(-1.0, Math.min(1.0, score));
                hits[count] = new SearchHit(withVector(slot), clamped);
            }
            return List.of(hits);
        }

        private boolean better(int slotA, float scoreA, int slotB, float scoreB) {
            if (scoreA != scoreB) {
                return scoreA > scoreB;
            }
            return slots[slotA].item().id().compareTo(slots[slotB].item().id()) < 0;
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
        }
    }
}
