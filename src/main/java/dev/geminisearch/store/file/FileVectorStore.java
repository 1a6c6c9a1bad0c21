package dev.geminisearch.store.file;

import dev.geminisearch.store.IncomingContent;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredContent;
import dev.geminisearch.store.StoreFingerprintMismatchException;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.VectorIndex;
import dev.geminisearch.store.BackupSummary;
import dev.geminisearch.store.IndexedVectorStore;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.vector.HnswProperties;
import dev.geminisearch.store.vector.VectorProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link VectorStore} in one directory: all items in memory for exact search, every write
 * in an fsynced append-only log before it is acknowledged, originals as content-addressed files.
 * An acknowledged upsert or delete survives a restart and a {@code kill -9}. Originals are
 * streamed to disk (hashed on the way, never whole in the heap) and read back in ranges.
 *
 * <p>Layout: {@code store.properties} (format version, model, dimensions), {@code store.lock} (held
 * while open, so one process at a time), {@code items.log} (the log, see {@link ItemLog} and
 * {@link RecordCodec}) and {@code blobs/}. When more than half the log is records that were since
 * replaced or deleted, and more than {@link Options#compactionMinDeadBytes}, the log is rewritten
 * with the live items only; writes wait meanwhile.
 *
 * <p>The keyword index lives in memory only: once the log is replayed, the live items are indexed
 * again in the background (keyword searches wait for that; nothing else does).
 *
 * <p>Thread-safe (see {@link VectorIndex}). Metadata numbers come back as {@code Long} when
 * integral and {@code Double} otherwise.
 */
public final class FileVectorStore extends IndexedVectorStore {

    /**
     * Tunables of a file store.
     *
     * @param compactionMinDeadBytes replaced or deleted log bytes that must pile up (besides being
     *                               more than half the log) before the log is rewritten; 0 or more
     * @param vectors                how the in-memory rows are laid out and scanned
     * @param hnsw                   when an HNSW graph is kept; it is saved beside the log at close
     */
    public record Options(long compactionMinDeadBytes, VectorProperties vectors, HnswProperties hnsw) {

        /** Compaction once at least 8 MiB of the log is dead; exact float32 rows. */
        public static final Options DEFAULTS = new Options(8L << 20);

        public Options {
            if (compactionMinDeadBytes < 0) {
                throw new IllegalArgumentException("compactionMinDeadBytes must not be negative");
            }
            Objects.requireNonNull(vectors, "vectors");
            Objects.requireNonNull(hnsw, "hnsw");
        }

        /** These compaction settings with the default (exact float32) rows and the default HNSW settings. */
        public Options(long compactionMinDeadBytes) {
            this(compactionMinDeadBytes, VectorProperties.defaults(), HnswProperties.defaults());
        }

        /** These options with rows laid out as {@code newVectors} say. */
        public Options withVectors(VectorProperties newVectors) {
            return new Options(compactionMinDeadBytes, newVectors, hnsw);
        }

        /** These options with other HNSW settings. */
        public Options withHnsw(HnswProperties newHnsw) {
            return new Options(compactionMinDeadBytes, vectors, newHnsw);
        }
    }

    static final String LOG_FILE_NAME = "items.log";
    static final String LOCK_FILE_NAME = "store.lock";
    /** The HNSW graph saved at close, and which item and segment each of its nodes is. */
    static final String GRAPH_FILE_NAME = "hnsw.graph";
    static final String GRAPH_NODES_FILE_NAME = "hnsw.nodes";

    private static final Logger log = LoggerFactory.getLogger(FileVectorStore.class);

    private final Path directory;
    private final StoreFingerprint fingerprint;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final BlobDirectory blobs;
    private final VectorIndex index;
    private volatile boolean closed;

    // Guarded by the index's write lock (or confined to open()).
    private ItemLog itemLog;
    /** The manifest's format version; see {@link Manifest}. */
    private int formatVersion;
    /** Bytes of the record that holds each live item; the rest of the log is dead. */
    private Map<String, Integer> liveRecordBytes = new HashMap<>();
    private long liveBytes;

    private FileVectorStore(Path directory, StoreFingerprint fingerprint, Options options, FileChannel lockChannel,
                            FileLock lock, int formatVersion) throws IOException {
        this.formatVersion = formatVersion;
        this.directory = directory;
        this.fingerprint = fingerprint;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.blobs = new BlobDirectory(directory);
        this.index = new VectorIndex(fingerprint.dimensions(), new Journal(), options.vectors(), options.hnsw());
    }

    /** {@link #open(Path, StoreFingerprint, Options)} with {@link Options#DEFAULTS}. */
    public static FileVectorStore open(Path directory, StoreFingerprint configured) {
        return open(directory, configured, Options.DEFAULTS);
    }

    /**
     * Opens the store in {@code directory}, creating it for {@code configured} when the directory is
     * new or empty, and recovers its items: replays the log (cutting off a record torn by a crash)
     * and deletes originals no item refers to.
     *
     * @throws StoreFingerprintMismatchException when the store was created for another model or size
     * @throws IllegalStateException             when another store holds the directory, or the log is
     *                                           corrupt before its last record
     * @throws UncheckedIOException              when the directory cannot be read or written
     */
    public static FileVectorStore open(Path directory, StoreFingerprint configured, Options options) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(options, "options");
        Path location = directory.toAbsolutePath().normalize();
        FileChannel lockChannel = null;
        FileVectorStore store = null;
        try {
            Files.createDirectories(location);
            lockChannel = FileChannel.open(location.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, location);
            Manifest manifest = checkOrCreateManifest(location, configured);
            Files.deleteIfExists(ItemLog.compactionTemp(location.resolve(LOG_FILE_NAME)));
            store = new FileVectorStore(location, configured, options, lockChannel, lock, manifest.formatVersion());
            store.recover();
            return store;
        } catch (IOException e) {
            closeIndexQuietly(store);
            closeQuietly(lockChannel);
            throw new UncheckedIOException("could not open the file store at " + location, e);
        } catch (RuntimeException e) {
            closeIndexQuietly(store);
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel lockChannel, Path location) throws IOException {
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("The store at " + location + " is already open in another process "
                    + "(or elsewhere in this one): " + location.resolve(LOCK_FILE_NAME) + " is locked. Stop the "
                    + "other service instance, or give this one its own STORE_PATH.");
        }
        return lock;
    }

    /** The manifest of the store, written first for a new one. */
    private static Manifest checkOrCreateManifest(Path location, StoreFingerprint configured) throws IOException {
        Optional<Manifest> existing = Manifest.read(location);
        if (existing.isPresent()) {
            Manifest manifest = existing.get();
            if (!manifest.readable()) {
                throw new IllegalStateException("The store at " + location + " has format version "
                        + manifest.formatVersion() + ", but this version of the service reads only versions "
                        + Manifest.PLAIN_FORMAT_VERSION + " and " + Manifest.SEGMENTS_FORMAT_VERSION + ".");
            }
            if (!manifest.fingerprint().equals(configured)) {
                throw new StoreFingerprintMismatchException(location.toString(), manifest.fingerprint(), configured);
            }
            return manifest;
        }
        Path logFile = location.resolve(LOG_FILE_NAME);
        if (Files.exists(logFile) && Files.size(logFile) > 0) {
            // without the manifest nobody knows which model wrote these vectors
            throw new IllegalStateException("The store at " + location + " has an item log but no "
                    + Manifest.FILE_NAME + "; restore that file or move the directory away.");
        }
        Manifest created = Manifest.initial(configured);
        created.write(location);
        return created;
    }

    private void recover() throws IOException {
        Path logFile = directory.resolve(LOG_FILE_NAME);
        Path graphFile = directory.resolve(GRAPH_FILE_NAME);
        Path nodesFile = directory.resolve(GRAPH_NODES_FILE_NAME);
        // Replay up to where the saved graph was taken, load it there, and let it follow the newer
        // records; a graph that cannot be loaded is rebuilt once after the replay.
        java.util.OptionalLong graphPosition = VectorIndex.savedGraphPosition(nodesFile);
        boolean[] graphTried = {graphPosition.isEmpty()};
        index.deferGraph();
        index.deferKeywords();
        StringPool strings = new StringPool();
        itemLog = ItemLog.open(logFile, (offset, frameBytes, payload) -> {
            if (!graphTried[0] && offset >= graphPosition.getAsLong()) {
                graphTried[0] = true;
                index.loadGraph(graphFile, nodesFile, graphPosition.getAsLong());
            }
            replay(logFile, offset, frameBytes, payload, strings);
        });
        if (!graphTried[0]) {
            index.loadGraph(graphFile, nodesFile, itemLog.size());
        }
        index.resumeGraph();
        index.resumeKeywords();
        liveBytes = 0;
        for (int bytes : liveRecordBytes.values()) {
            liveBytes += bytes;
        }
        try {
            blobs.sweep(index.referencedContents());
        } catch (IOException | RuntimeException e) {
            itemLog.close();
            throw e;
        }
        log.info("opened the file store at {}: {} items, log {} bytes", directory, index.count(), itemLog.size());
    }

    private void replay(Path logFile, long offset, int frameBytes, byte[] payload, StringPool strings) {
        try {
            RecordCodec.LogRecord record = RecordCodec.decode(payload, strings);
            if (record instanceof RecordCodec.Upsert upsert) {
                index.restore(upsert.item());
                liveRecordBytes.put(upsert.item().id(), frameBytes);
            } else if (record instanceof RecordCodec.Delete delete) {
                index.restoreDelete(delete.id());
                liveRecordBytes.remove(delete.id());
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("The item log " + logFile + " has an unreadable record at offset " + offset
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public StoreFingerprint fingerprint() {
        return fingerprint;
    }

    /** The directory this store lives in. */
    public Path directory() {
        return directory;
    }

    /**
     * The sizes of all files under the directory (log, blobs, manifest, lock), walked afresh on every
     * call: one {@code stat} per original, fine at scrape rate for a store of some thousands of items.
     * A file removed while walking (a released blob, a compaction's temp file) is left out.
     *
     * @throws UncheckedIOException when the directory cannot be walked
     */
    @Override
    public OptionalLong storageBytes() {
        ensureOpen();
        long[] total = {0};
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not measure the file store at " + directory, e);
        }
        return OptionalLong.of(total[0]);
    }

    /** Rewrites the log with the live items only, whatever the threshold (for tests and operators). */
    void compact() {
        ensureOpen();
        index.runWithoutWriters(this::compactLog);
    }

    /**
     * Writes a consistent copy of the store into {@code target} (which must not exist) while it keeps
     * serving: writers wait for the copy, searches and reads go on. The copy is itself a store
     * directory: to restore, stop the service and point STORE_PATH at it (or copy it back). Originals
     * are hard-linked when the target is on the same file system (they never change), else copied.
     *
     * @throws UncheckedIOException when the copy cannot be written; a partial target is removed
     */
    public BackupSummary backupTo(Path target) {
        ensureOpen();
        if (Files.exists(target)) {
            throw new UncheckedIOException("could not back up the store at " + directory + ": " + target + " already exists",
                    new java.nio.file.FileAlreadyExistsException(target.toString()));
        }
        BackupSummary[] summary = new BackupSummary[1];
        index.runWithoutWriters(() -> {
            try {
                summary[0] = copyInto(target);
            } catch (IOException e) {
                deleteQuietly(target);
                throw new UncheckedIOException("could not back up the store at " + directory + " to " + target, e);
            }
        });
        return summary[0];
    }

    private BackupSummary copyInto(Path target) throws IOException {
        Files.createDirectories(target);
        long bytes = 0;
        Files.copy(directory.resolve(Manifest.FILE_NAME), target.resolve(Manifest.FILE_NAME));
        // No writer runs now, so the log is complete up to its last acknowledged record.
        Files.copy(itemLog.file(), target.resolve(LOG_FILE_NAME));
        bytes += Files.size(target.resolve(LOG_FILE_NAME));
        BlobDirectory copies = new BlobDirectory(target);
        for (String hash : index.referencedContents()) {
            Path source = blobs.path(hash);
            Path copy = copies.path(hash);
            Files.createDirectories(copy.getParent());
            try {
                Files.createLink(copy, source);
            } catch (IOException | UnsupportedOperationException differentFileSystem) {
                Files.copy(source, copy);
            }
            bytes += Files.size(copy);
        }
        try (FileChannel log = FileChannel.open(target.resolve(LOG_FILE_NAME), StandardOpenOption.WRITE)) {
            log.force(true);
        }
        Durable.syncDirectory(target);
        return new BackupSummary(target, index.count(), bytes);
    }

    private static void deleteQuietly(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        try (var paths = Files.walk(target)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("could not remove the partial backup {}", target, e);
        }
    }

    /** Forces the log and releases the directory lock; idempotent. */
    @Override
    public void close() {
        index.runExclusively(() -> {
            if (closed) {
                return;
            }
            closed = true;
            try {
                index.saveGraph(directory.resolve(GRAPH_FILE_NAME), directory.resolve(GRAPH_NODES_FILE_NAME),
                        itemLog.size());
            } catch (IOException | RuntimeException e) {
                log.warn("could not save the HNSW graph of {}; the next start builds it anew", directory, e);
            }
            index.close();
            try {
                itemLog.close();
            } catch (IOException e) {
                log.warn("could not close the item log of {}", directory, e);
            } finally {
                try {
                    lock.release();
                } catch (IOException e) {
                    log.warn("could not release the lock on {}", directory, e);
                }
                closeQuietly(lockChannel);
            }
        });
    }

    @Override
    protected VectorIndex index() {
        return index;
    }

    @Override
    protected void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the file store at " + directory + " is closed");
        }
    }

    private boolean compactionDue() {
        long dead = itemLog.size() - liveBytes;
        return dead > options.compactionMinDeadBytes() && dead * 2 > itemLog.size();
    }

    /**
     * Runs with writers held off (searches go on). A failure is logged, not thrown: the old log is
     * still complete.
     */
    private void compactLog() {
        long before = itemLog.size();
        try {
            // A graph saved against the old log's positions must not be taken for the new log's.
            Files.deleteIfExists(directory.resolve(GRAPH_NODES_FILE_NAME));
            Files.deleteIfExists(directory.resolve(GRAPH_FILE_NAME));
        } catch (IOException e) {
            log.warn("could not delete the saved HNSW graph of {}; not compacting the log", directory, e);
            return;
        }
        Map<String, Integer> rewritten = new HashMap<>();
        try {
            itemLog.rewrite(sink -> {
                try {
                    index.forEachItem(item -> {
                        try {
                            rewritten.put(item.id(), sink.write(RecordCodec.encodeUpsert(item)));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            });
        } catch (IOException e) {
            log.warn("could not compact {}; carrying on with the longer log", itemLog.file(), e);
            return;
        }
        liveRecordBytes = rewritten;
        liveBytes = itemLog.size();
        log.info("compacted {} from {} to {} bytes", itemLog.file(), before, itemLog.size());
    }

    private static void closeIndexQuietly(FileVectorStore store) {
        if (store == null) {
            return;
        }
        try {
            store.index.close();
        } catch (RuntimeException e) {
            log.debug("could not close the index of a store that failed to open", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("could not close {}", channel, e);
        }
    }

    /** Connects the index to the log and the blob directory; called under the index's locks. */
    private final class Journal implements VectorIndex.Persistence {

        @Override
        public void writeContent(IncomingContent content) throws IOException {
            blobs.write(content);
        }

        @Override
        public Optional<byte[]> readContent(String contentHash) throws IOException {
            return blobs.read(contentHash);
        }

        @Override
        public Optional<StoredContent> openContent(String contentHash) throws IOException {
            return blobs.open(contentHash);
        }

        @Override
        public void deleteContent(String contentHash) throws IOException {
            blobs.delete(contentHash);
        }

        @Override
        public void logUpsert(StoredItem item) throws IOException {
            ensureWritable();
            if (item.isSegmented() && formatVersion < Manifest.SEGMENTS_FORMAT_VERSION) {
                // before the first record an older version could not read; see Manifest
                new Manifest(Manifest.SEGMENTS_FORMAT_VERSION, fingerprint).write(directory);
                formatVersion = Manifest.SEGMENTS_FORMAT_VERSION;
            }
            int bytes = itemLog.append(RecordCodec.encodeUpsert(item));
            Integer replaced = liveRecordBytes.put(item.id(), bytes);
            liveBytes += bytes - (replaced == null ? 0 : replaced);
        }

        @Override
        public void logDelete(String id) throws IOException {
            ensureWritable();
            itemLog.append(RecordCodec.encodeDelete(id));
            Integer removed = liveRecordBytes.remove(id);
            liveBytes -= removed == null ? 0 : removed;
        }

        @Override
        public void afterWrite(VectorIndex index) {
            if (compactionDue()) {
                compactLog();
            }
        }

        private void ensureWritable() throws IOException {
            if (closed) {
                throw new IOException("the file store at " + directory + " is closed");
            }
        }
    }
}
