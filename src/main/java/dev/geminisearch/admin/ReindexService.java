package dev.geminisearch.admin;

import dev.geminisearch.embedding.Embedder;
import dev.geminisearch.embedding.EmbedderFactory;
import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.item.SegmentEmbedder;
import dev.geminisearch.store.ContentSource;
import dev.geminisearch.store.vector.HnswProperties;
import dev.geminisearch.store.vector.VectorProperties;
import dev.geminisearch.store.StoredContent;
import dev.geminisearch.search.EmbeddingService;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.ItemPage;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.SwitchableVectorStore;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.file.FileVectorStore;
import dev.geminisearch.store.memory.InMemoryVectorStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a new index at another dimension count or with another model from the stored originals,
 * in the background,
 * while searches and writes keep using the old one; then switches to it atomically.
 *
 * <p>The new index is a store of its own (for the file store, the folder {@code STORE_PATH.reindex}).
 * Writes that arrive meanwhile are noted and replayed into it, the last of them while calls are
 * held back for the switch. A run that stops (a crash, a Gemini outage) is resumed by starting it
 * again with the same dimensions: items already in the new index unchanged are not embedded again.
 * After the switch the file store's folder holds the new index (the old one is kept beside it as
 * {@code STORE_PATH.previous-<time>}), so the service must be restarted with the new
 * {@code EMBEDDING_DIMENSIONS}. Gemini calls are paced to a requests-per-minute budget.
 */
public class ReindexService implements AutoCloseable {

    /** Written into the new file store's folder once it is complete, before the folders are swapped. */
    static final String COMPLETE_MARKER = "reindex.complete";
    private static final int PAGE_SIZE = 100;
    private static final Logger log = LoggerFactory.getLogger(ReindexService.class);

    private final SwitchableVectorStore store;
    private final EmbeddingService embeddings;
    private final EmbedderFactory embedders;
    private final SegmentEmbedder segments;
    private final VectorProperties vectors;
    private final HnswProperties hnsw;
    private final Path storePath;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "reindex");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<ReindexStatus> status = new AtomicReference<>(ReindexStatus.idle());
    private final AtomicReference<String> switchFailure = new AtomicReference<>();

    /**
     * @param vectors how the local stores lay out vectors (a re-indexed store keeps the configured layout)
     * @param hnsw    when the local stores search through an HNSW graph
     */
    public ReindexService(SwitchableVectorStore store, EmbeddingService embeddings, EmbedderFactory embedders,
                          SegmentEmbedder segments, Path storePath, Clock clock, VectorProperties vectors,
                          HnswProperties hnsw) {
        this.store = store;
        this.vectors = vectors;
        this.hnsw = hnsw;
        this.segments = segments;
        this.embeddings = embeddings;
        this.embedders = embedders;
        this.storePath = storePath;
        this.clock = clock;
    }

    /** Where the re-index stands. */
    public ReindexStatus status() {
        return status.get();
    }

    /**
     * Starts building the new index in the background.
     *
     * @param dimensions        the new size, 128..3072
     * @param model             the new model, or null to keep the current one
     * @param requestsPerMinute Gemini calls per minute at most, 1..100000
     * @throws AdminOperationException when a run is going, nothing would change, or the store is
     *                                 pgvector (whose replicas all have to switch together)
     */
    public synchronized ReindexStatus start(int dimensions, String model, int requestsPerMinute) {
        if (status.get().state() == ReindexStatus.State.RUNNING) {
            throw new AdminOperationException("a re-index to " + status.get().dimensions() + " dimensions is running");
        }
        StoreFingerprint from = store.fingerprint();
        String targetModel = model == null || model.isBlank() ? from.model() : model.strip();
        if (dimensions == from.dimensions() && targetModel.equals(from.model())) {
            throw new AdminOperationException("the store already holds " + dimensions + "-dimension vectors of "
                    + targetModel);
        }
        if (!(store.current() instanceof FileVectorStore) && !(store.current() instanceof InMemoryVectorStore)) {
            throw new AdminOperationException("re-indexing runs on the file and memory stores; for pgvector, build the new "
                    + "index in another schema (STORE_PGVECTOR_SCHEMA) with the new EMBEDDING_DIMENSIONS and move the replicas "
                    + "over (see the README)");
        }
        StoreFingerprint to = new StoreFingerprint(targetModel, dimensions);
        long total = store.count();
        status.set(new ReindexStatus(ReindexStatus.State.RUNNING, to.model(), dimensions, 0, total, clock.instant(), null, null));
        worker.execute(() -> run(to, requestsPerMinute));
        return status.get();
    }

    private void run(StoreFingerprint to, int requestsPerMinute) {
        Embedder targetEmbedder = to.model().equals(embeddings.model()) ? null : embedders.forModel(to.model());
        EmbeddingService targetEmbeddings = targetEmbedder == null ? embeddings : embeddings.using(targetEmbedder);
        Changes changes = new Changes();
        store.addWriteListener(changes);
        VectorStore target = null;
        try {
            target = openTarget(to);
            Pacer pacer = new Pacer(Duration.ofNanos(60_000_000_000L / requestsPerMinute));
            copyEverything(target, to, pacer, targetEmbeddings);
            // Catch up with the writes made during the bulk pass, while writes still flow.
            replay(changes.drain(), target, to, pacer, targetEmbeddings);
            VectorStore built = target;
            store.switchTo(old -> {
                replay(changes.drain(), built, to, Pacer.NONE, targetEmbeddings);
                VectorStore active = activate(old, built, to);
                if (targetEmbedder != null && switchFailure.get() == null) {
                    // Queries must now be embedded by the model the store holds.
                    embeddings.switchEmbedder(targetEmbedder);
                }
                return active;
            });
            target = null;
            String failure = switchFailure.getAndSet(null);
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            finish(ReindexStatus.State.SUCCEEDED, null);
            log.info("re-index to {} dimensions of {} finished; restart with EMBEDDING_DIMENSIONS={} and GEMINI_MODEL={}",
                    to.dimensions(), to.model(), to.dimensions(), to.model());
        } catch (RuntimeException e) {
            log.warn("re-index to {} dimensions failed; searches still use the old index", to.dimensions(), e);
            finish(ReindexStatus.State.FAILED, e.getMessage());
        } finally {
            store.removeWriteListener(changes);
            if (target != null) {
                target.close();
            }
        }
    }

    private FileVectorStore.Options fileOptions() {
        return FileVectorStore.Options.DEFAULTS.withVectors(vectors).withHnsw(hnsw);
    }

    private VectorStore openTarget(StoreFingerprint to) {
        if (store.current() instanceof InMemoryVectorStore) {
            return new InMemoryVectorStore(to, vectors, hnsw);
        }
        return FileVectorStore.open(reindexFolder(), to, fileOptions());
    }

    /** Folder of the new index while it is built: beside the store's folder. */
    Path reindexFolder() {
        return storePath.toAbsolutePath().normalize().resolveSibling(storePath.toAbsolutePath().normalize().getFileName()
                + ".reindex");
    }

    private void copyEverything(VectorStore target, StoreFingerprint to, Pacer pacer, EmbeddingService targetEmbeddings) {
        String cursor = null;
        do {
            ItemPage page = store.list(PAGE_SIZE, cursor, ItemFilter.NONE);
            for (StoredItem item : page.items()) {
                copy(item, target, to, pacer, targetEmbeddings);
                advance();
            }
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    private void replay(Set<Change> changes, VectorStore target, StoreFingerprint to, Pacer pacer,
                        EmbeddingService targetEmbeddings) {
        for (Change change : changes) {
            if (change.filter() != null) {
                target.deleteMatching(change.filter());
                continue;
            }
            var current = store.current().find(change.id());
            if (current.isPresent()) {
                copy(current.get(), target, to, pacer, targetEmbeddings);
            } else {
                target.delete(change.id());
            }
        }
    }

    /** Embeds the item again from its originals unless the new index has it already, unchanged. */
    private void copy(StoredItem item, VectorStore target, StoreFingerprint to, Pacer pacer,
                      EmbeddingService targetEmbeddings) {
        var existing = target.find(item.id());
        if (existing.isPresent() && sameContent(existing.get(), item)) {
            return;
        }
        if (!item.segments().isEmpty()) {
            copySegmented(item, target, to, pacer, targetEmbeddings);
            return;
        }
        List<Part> parts = new ArrayList<>(item.parts().size());
        Map<String, byte[]> contents = new HashMap<>();
        for (StoredPart part : item.parts()) {
            if (part.isMedia()) {
                byte[] bytes = store.current().content(part.contentHash()).orElseThrow(() -> new IllegalStateException(
                        "the original " + part.contentHash() + " of item '" + item.id() + "' is missing"));
                parts.add(new Part.Media(part.mimeType(), bytes));
                contents.put(part.contentHash(), bytes);
            } else {
                parts.add(new Part.Text(part.text()));
            }
        }
        pacer.await();
        float[] vector = targetEmbeddings.embed(parts, EmbeddingTask.SEARCH_DOCUMENT, item.title(), to.dimensions()).vector();
        target.upsert(item.withVector(vector), contents);
    }

    /**
     * A long item: its original is split and every segment embedded again, as at ingest. The original
     * goes through a temporary file, never whole into the heap.
     */
    private void copySegmented(StoredItem item, VectorStore target, StoreFingerprint to, Pacer pacer,
                               EmbeddingService targetEmbeddings) {
        StoredPart media = item.parts().stream().filter(StoredPart::isMedia).findFirst().orElseThrow(() ->
                new IllegalStateException("item '" + item.id() + "' has segments but no media part"));
        StoredContent original = store.current().openContent(media.contentHash()).orElseThrow(() ->
                new IllegalStateException("the original " + media.contentHash() + " of item '" + item.id() + "' is missing"));
        Path file = null;
        try {
            file = Files.createTempFile("reindex-", ".bin");
            try (InputStream in = original.open()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            pacer.await();
            SegmentEmbedder.Embedded embedded = segments.embed(file, media.mimeType(), item.title(), to.dimensions(),
                    targetEmbeddings, count -> { }, () -> { });
            StoredItem copy = new StoredItem(item.id(), item.title(), item.metadata(), item.parts(), item.createdAt(),
                    embedded.vector(), embedded.segments());
            target.upsertStreamed(copy, Map.of(media.contentHash(), ContentSource.ofFile(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the original of item '" + item.id() + "'", e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    private static boolean sameContent(StoredItem a, StoredItem b) {
        return Objects.equals(a.title(), b.title()) && a.metadata().equals(b.metadata()) && a.parts().equals(b.parts())
                && a.createdAt().equals(b.createdAt());
    }

    /** Runs with every call held back: makes the new index the store's, on disk too. */
    private VectorStore activate(VectorStore old, VectorStore built, StoreFingerprint to) {
        if (built instanceof InMemoryVectorStore) {
            old.close();
            return built;
        }
        Path live = storePath.toAbsolutePath().normalize();
        Path next = reindexFolder();
        Path previous = live.resolveSibling(live.getFileName() + ".previous-" + clock.instant().toEpochMilli());
        StoreFingerprint from = old.fingerprint();
        built.close();
        old.close();
        try {
            // The marker lets a start-up that finds no store folder finish a swap a crash interrupted.
            Files.writeString(next.resolve(COMPLETE_MARKER), to.model() + " " + to.dimensions() + "\n");
            Files.move(live, previous, StandardCopyOption.ATOMIC_MOVE);
            Files.move(next, live, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(live.resolve(COMPLETE_MARKER));
        } catch (IOException e) {
            // Put the old index back and keep serving it; the run is reported as failed.
            switchFailure.set("could not move the new index into " + live + ": " + e.getMessage());
            try {
                if (!Files.exists(live) && Files.exists(previous)) {
                    Files.move(previous, live, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.deleteIfExists(next.resolve(COMPLETE_MARKER));
            } catch (IOException rollback) {
                e.addSuppressed(rollback);
            }
            log.error("re-index switch failed; serving the old index again", e);
            return FileVectorStore.open(live, from, fileOptions());
        }
        return FileVectorStore.open(live, to, fileOptions());
    }

    /**
     * Finishes a folder swap that a crash interrupted: when the store folder is missing but a
     * complete re-index beside it is not, the re-index becomes the store. Called before opening.
     */
    public static void finishInterruptedSwap(Path storePath) {
        Path live = storePath.toAbsolutePath().normalize();
        Path next = live.resolveSibling(live.getFileName() + ".reindex");
        if (!Files.exists(live) && Files.exists(next.resolve(COMPLETE_MARKER))) {
            try {
                Files.move(next, live, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(live.resolve(COMPLETE_MARKER));
                log.warn("finished moving the re-indexed store into {} after an interrupted switch", live);
            } catch (IOException e) {
                throw new UncheckedIOException("could not finish moving the re-indexed store into " + live, e);
            }
        }
    }

    private void advance() {
        status.updateAndGet(current -> new ReindexStatus(current.state(), current.model(), current.dimensions(),
                current.done() + 1, Math.max(current.total(), current.done() + 1), current.startedAt(), null, null));
    }

    private void finish(ReindexStatus.State state, String error) {
        status.updateAndGet(current -> new ReindexStatus(state, current.model(), current.dimensions(), current.done(),
                current.total(), current.startedAt(), clock.instant(), error));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** One write to replay into the new index: an id (upserted or deleted), or a delete by filter. */
    private record Change(String id, ItemFilter filter) {
    }

    /** Collects writes made during the run, in order, once each. */
    private static final class Changes implements SwitchableVectorStore.WriteListener {
        private final Set<Change> pending = new LinkedHashSet<>();

        @Override
        public synchronized void upserted(String id) {
            pending.add(new Change(id, null));
        }

        @Override
        public synchronized void deleted(String id) {
            pending.add(new Change(id, null));
        }

        @Override
        public synchronized void deletedMatching(ItemFilter filter) {
            pending.add(new Change(null, filter));
        }

        synchronized Set<Change> drain() {
            Set<Change> drained = new LinkedHashSet<>(pending);
            pending.clear();
            return drained;
        }
    }

    /** Spaces Gemini calls out to stay within a requests-per-minute budget. */
    private static final class Pacer {
        static final Pacer NONE = new Pacer(Duration.ZERO);
        private final long intervalNanos;
        private long next;

        Pacer(Duration interval) {
            this.intervalNanos = interval.toNanos();
        }

        void await() {
            if (intervalNanos == 0) {
                return;
            }
            long now = System.nanoTime();
            if (next > now) {
                try {
                    Thread.sleep(Duration.ofNanos(next - now).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the re-index was interrupted", e);
                }
            }
            next = Math.max(now, next) + intervalNanos;
        }
    }
}
