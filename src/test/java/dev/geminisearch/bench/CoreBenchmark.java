package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.file.FileVectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Benchmark of the file store's core paths: ingest, open (log replay) and exact search, each
 * against a baseline measured in the same run, reported as a ratio. Not a test: run it with
 * {@code bench/core.sh} (which also measures the packaged service) or directly:
 *
 * <pre>
 * java -Xmx3g -cp target/test-classes:target/classes:$(deps) dev.geminisearch.bench.CoreBenchmark DIR [N] [DIM]
 * </pre>
 *
 * <p>DIR must be missing or empty; it is left holding the populated store (items {@code item-0} ..
 * {@code item-(N-1)}) so that a caller can start the service on it. Defaults: N = 10000, DIM = 3072.
 *
 * <p>Output: one line per step, then a Markdown table (metric | value | baseline | ratio) and
 * {@code RESULT key=value} lines for scripts.
 */
public final class CoreBenchmark {

    private static final long SEED = 42L;
    private static final int BLOCK_VECTORS = 1024; // as VectorIndex.VECTORS_PER_BLOCK
    private static final int REOPEN_CYCLES = 5;
    private static final int SEARCH_WARMUP = 200;
    private static final int SEARCH_TIMED = 300;
    private static final int TOP_K = 10;
    /** Interleave one floor pass every this many timed searches, one naive pass every NAIVE_EVERY. */
    private static final int FLOOR_EVERY = 10;
    private static final int NAIVE_EVERY = 20;
    private static final int BASELINE_WARMUP = 15;

    /** Keeps results alive so the JIT cannot drop the loops. */
    private static volatile double sink;

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> results = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: CoreBenchmark <empty-or-new-store-dir> [count=10000] [dimensions=3072]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int dimensions = args.length > 2 ? Integer.parseInt(args[2]) : 3072;
        new CoreBenchmark().run(dir, count, dimensions);
    }

    private void run(Path dir, int count, int dimensions) throws IOException {
        requireEmpty(dir);
        Runtime rt = Runtime.getRuntime();
        line("CoreBenchmark: %d vectors x %d dimensions (%.1f MiB of floats), store at %s", count, dimensions,
                (double) count * dimensions * Float.BYTES / (1 << 20), dir);
        line("machine: %d processors visible to the JVM, max heap %d MiB, java %s, load average %s",
                rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("java.version"), loadAverage());

        long t0 = System.nanoTime();
        float[][] vectors = randomUnitVectors(new SplittableRandom(SEED), count, dimensions);
        line("generated %d seeded random unit vectors in %.0f ms", count, ms(System.nanoTime() - t0));

        StoreFingerprint fingerprint = new StoreFingerprint("gemini-embedding-2", dimensions);
        System.gc();
        ingest(dir, fingerprint, vectors);
        FileVectorStore store = reopen(dir, fingerprint, count);
        try {
            search(store, vectors, dimensions);
        } finally {
            store.close();
        }

        System.out.println();
        System.out.println("| metric | value | baseline | ratio |");
        System.out.println("|---|---|---|---|");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        System.out.println();
        results.forEach(r -> System.out.println("RESULT " + r));
    }

    // ---- a. ingest ----

    private void ingest(Path dir, StoreFingerprint fingerprint, float[][] vectors) throws IOException {
        int n = vectors.length;
        Instant createdAt = Instant.parse("2025-01-01T00:00:00Z");
        long start = System.nanoTime();
        try (FileVectorStore store = FileVectorStore.open(dir, fingerprint)) {
            for (int i = 0; i < n; i++) {
                StoredItem item = new StoredItem("item-" + i, null, Map.of("n", i), List.of(StoredPart.text("item " + i)),
                        createdAt, vectors[i]);
                store.upsert(item, Map.of());
            }
        }
        long storeNanos = System.nanoTime() - start;
        Path log = dir.resolve("items.log");
        long logBytes = Files.size(log);
        double storeRate = n / (storeNanos / 1e9);
        line("a. ingest: %d upserts (fsync per write) in %.0f ms = %.0f items/s; items.log %.1f MiB", n,
                ms(storeNanos), storeRate, logBytes / (double) (1 << 20));

        // Baseline: the same number of records of the same average size, appended and forced one
        // by one to a scratch file next to the store: the disk's fsync-per-write floor.
        int recordBytes = (int) (logBytes / n);
        Path scratch = Files.createTempFile(dir.getParent(), "raw-append", ".bin");
        long rawNanos;
        try (FileChannel channel = FileChannel.open(scratch, StandardOpenOption.WRITE)) {
            byte[] record = new byte[recordBytes];
            new SplittableRandom(SEED).nextBytes(record);
            long rawStart = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ByteBuffer buffer = ByteBuffer.wrap(record);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            rawNanos = System.nanoTime() - rawStart;
        } finally {
            Files.deleteIfExists(scratch);
        }
        double rawRate = n / (rawNanos / 1e9);
        line("a. baseline: %d raw appends of %d bytes + fsync each in %.0f ms = %.0f writes/s", n, recordBytes,
                ms(rawNanos), rawRate);
        rows.add(new String[] {"ingest, store upsert + fsync (items/s)", fmt0(storeRate),
                fmt0(rawRate) + " raw append+fsync of " + recordBytes + " B", fmt2(rawRate / storeRate) + "x time/item"});
        results.add("ingest_items_per_s=" + fmt0(storeRate));
        results.add("ingest_ratio=" + fmt2(rawRate / storeRate));
    }

    // ---- b. open ----

    /** Times {@link FileVectorStore#open} and the raw read; returns the store from the last cycle, open. */
    private FileVectorStore reopen(Path dir, StoreFingerprint fingerprint, int expected) throws IOException {
        Path log = dir.resolve("items.log");
        long[] openNanos = new long[REOPEN_CYCLES];
        long[] readNanos = new long[REOPEN_CYCLES];
        FileVectorStore last = null;
        for (int cycle = 0; cycle < REOPEN_CYCLES; cycle++) {
            // Baseline first in each cycle, so both see the same page-cache state. A full GC before
            // each timed step, so neither pays for collecting the previous cycle's garbage.
            System.gc();
            long readGc = gcMillis();
            long readStart = System.nanoTime();
            long bytes = readStoreFiles(dir);
            readNanos[cycle] = System.nanoTime() - readStart;
            readGc = gcMillis() - readGc;

            System.gc();
            long openGc = gcMillis();
            long openStart = System.nanoTime();
            FileVectorStore store = FileVectorStore.open(dir, fingerprint);
            openNanos[cycle] = System.nanoTime() - openStart;
            openGc = gcMillis() - openGc;
            if (store.count() != expected) {
                throw new IllegalStateException("reopened store has " + store.count() + " items, expected " + expected);
            }
            line("b. cycle %d: open %.1f ms (of which GC %d ms), raw read of %.1f MiB %.1f ms (GC %d ms)", cycle + 1,
                    ms(openNanos[cycle]), openGc, bytes / (double) (1 << 20), ms(readNanos[cycle]), readGc);
            if (cycle < REOPEN_CYCLES - 1) {
                store.close();
            } else {
                last = store;
            }
        }
        double open = ms(median(openNanos));
        double read = ms(median(readNanos));
        line("b. open median %.1f ms (first %.1f ms), raw read median %.1f ms, ratio %.1f", open, ms(openNanos[0]), read,
                open / read);
        rows.add(new String[] {"store open, " + expected + " items (median of " + REOPEN_CYCLES + ", page cache warm)",
                fmt1(open) + " ms", fmt1(read) + " ms raw read of the store files", fmt1(open / read) + "x"});
        rows.add(new String[] {"store open, first cycle (cold JIT)", fmt1(ms(openNanos[0])) + " ms",
                fmt1(ms(readNanos[0])) + " ms", fmt1(ms(openNanos[0]) / ms(readNanos[0])) + "x"});
        results.add("open_ms=" + fmt1(open));
        results.add("open_ratio=" + fmt1(open / read));
        return last;
    }

    /** Reads every regular file of the store into memory, sequentially; returns the byte count. */
    private static long readStoreFiles(Path dir) throws IOException {
        long total = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            total += bytes.length;
            sink += bytes.length > 0 ? bytes[bytes.length - 1] : 0;
        }
        return total;
    }

    // ---- c. search ----

    private void search(FileVectorStore store, float[][] vectors, int dimensions) {
        int n = vectors.length;
        float[][] queries = randomUnitVectors(new SplittableRandom(SEED + 1), SEARCH_WARMUP + SEARCH_TIMED, dimensions);
        float[][] floorBlocks = toBlocks(vectors, dimensions);

        // Sanity: an item's own vector finds the item first.
        List<SearchHit> self = store.search(vectors[n / 2], TOP_K, -1, ItemFilter.NONE);
        if (self.isEmpty() || !self.get(0).item().id().equals("item-" + (n / 2))) {
            throw new IllegalStateException("searching by item-" + (n / 2) + "'s vector did not find it first: " + self);
        }

        System.gc();
        long warmStart = System.nanoTime();
        for (int q = 0; q < SEARCH_WARMUP; q++) {
            consume(store.search(queries[q], TOP_K, -1, ItemFilter.NONE));
        }
        for (int i = 0; i < BASELINE_WARMUP; i++) {
            sink += floorPass(floorBlocks, n, dimensions);
            sink += naivePass(vectors, queries[i]);
        }
        line("c. warm-up: %d searches, %d floor and %d naive passes in %.0f ms", SEARCH_WARMUP, BASELINE_WARMUP,
                BASELINE_WARMUP, ms(System.nanoTime() - warmStart));

        // Timed: searches interleaved with the baselines so that all see the same machine load.
        long[] searchNanos = new long[SEARCH_TIMED];
        long[] floorNanos = new long[SEARCH_TIMED / FLOOR_EVERY];
        long[] naiveNanos = new long[SEARCH_TIMED / NAIVE_EVERY];
        for (int q = 0; q < SEARCH_TIMED; q++) {
            float[] query = queries[SEARCH_WARMUP + q];
            long s = System.nanoTime();
            List<SearchHit> hits = store.search(query, TOP_K, -1, ItemFilter.NONE);
            searchNanos[q] = System.nanoTime() - s;
            consume(hits);
            if (q % FLOOR_EVERY == 0) {
                long f = System.nanoTime();
                sink += floorPass(floorBlocks, n, dimensions);
                floorNanos[q / FLOOR_EVERY] = System.nanoTime() - f;
            }
            if (q % NAIVE_EVERY == 0) {
                long v = System.nanoTime();
                sink += naivePass(vectors, query);
                naiveNanos[q / NAIVE_EVERY] = System.nanoTime() - v;
            }
        }
        double searchMedian = ms(median(searchNanos));
        double searchP99 = ms(percentile(searchNanos, 0.99));
        double floor = ms(median(floorNanos));
        double naive = ms(median(naiveNanos));
        double gibPerS = (double) n * dimensions * Float.BYTES / (1L << 30) / (floor / 1e3);
        line("c. search topK %d over %d vectors: median %.2f ms, p99 %.2f ms, max %.2f ms (%d timed)", TOP_K, n,
                searchMedian, searchP99, ms(Arrays.stream(searchNanos).max().orElse(0)), SEARCH_TIMED);
        line("c. floor: summing %d floats in %d-vector float[] blocks: median %.2f ms (%.1f GiB/s, %d passes)",
                (long) n * dimensions, BLOCK_VECTORS, floor, gibPerS, floorNanos.length);
        line("c. naive: scalar dot product over float[%d][%d], one accumulator: median %.2f ms (%d passes)", n, dimensions,
                naive, naiveNanos.length);
        rows.add(new String[] {"search median, topK " + TOP_K + " (" + SEARCH_TIMED + " queries)", fmt2(searchMedian) + " ms",
                fmt2(floor) + " ms memory floor (sum of all floats, " + fmt1(gibPerS) + " GiB/s)",
                fmt2(searchMedian / floor) + "x"});
        rows.add(new String[] {"search p99", fmt2(searchP99) + " ms", fmt2(floor) + " ms memory floor",
                fmt2(searchP99 / floor) + "x"});
        rows.add(new String[] {"naive scalar dot, float[][] (reference)", fmt2(naive) + " ms", fmt2(floor) + " ms memory floor",
                fmt2(naive / floor) + "x"});
        rows.add(new String[] {"search median vs naive scalar dot", fmt2(searchMedian) + " ms", fmt2(naive) + " ms naive",
                fmt2(searchMedian / naive) + "x"});
        results.add("search_median_ms=" + fmt2(searchMedian));
        results.add("search_p99_ms=" + fmt2(searchP99));
        results.add("floor_ms=" + fmt2(floor));
        results.add("naive_ms=" + fmt2(naive));
    }

    /** The memory-bandwidth floor: read every stored float once (8 accumulators, so adds never bind). */
    private static double floorPass(float[][] blocks, int n, int dimensions) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int b = 0, first = 0; first < n; b++, first += BLOCK_VECTORS) {
            float[] block = blocks[b];
            int length = Math.min(BLOCK_VECTORS, n - first) * dimensions;
            int i = 0;
            for (; i + 8 <= length; i += 8) {
                s0 += block[i];
                s1 += block[i + 1];
                s2 += block[i + 2];
                s3 += block[i + 3];
                s4 += block[i + 4];
                s5 += block[i + 5];
                s6 += block[i + 6];
                s7 += block[i + 7];
            }
            for (; i < length; i++) {
                s0 += block[i];
            }
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The textbook loop: one array per vector, one accumulator, keep the best score. */
    private static double naivePass(float[][] vectors, float[] query) {
        float best = Float.NEGATIVE_INFINITY;
        for (float[] vector : vectors) {
            float dot = 0;
            for (int i = 0; i < vector.length; i++) {
                dot += query[i] * vector[i];
            }
            if (dot > best) {
                best = dot;
            }
        }
        return best;
    }

    private static float[][] toBlocks(float[][] vectors, int dimensions) {
        int n = vectors.length;
        float[][] blocks = new float[(n + BLOCK_VECTORS - 1) / BLOCK_VECTORS][];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = new float[BLOCK_VECTORS * dimensions];
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(vectors[i], 0, blocks[i / BLOCK_VECTORS], (i % BLOCK_VECTORS) * dimensions, dimensions);
        }
        return blocks;
    }

    private static void consume(List<SearchHit> hits) {
        sink += hits.isEmpty() ? 0 : hits.get(0).score();
    }

    // ---- helpers ----

    private static float[][] randomUnitVectors(SplittableRandom random, int count, int dimensions) {
        float[][] vectors = new float[count][dimensions];
        for (float[] vector : vectors) {
            double norm = 0;
            for (int i = 0; i < dimensions; i++) {
                // Uniform in [-1, 1) is not isotropic, but the benchmark only needs unit length.
                float x = (float) (random.nextDouble() * 2 - 1);
                vector[i] = x;
                norm += (double) x * x;
            }
            float inverse = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < dimensions; i++) {
                vector[i] *= inverse;
            }
        }
        return vectors;
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty; give a new or empty directory");
                }
            }
        }
        Files.createDirectories(dir);
    }

    /** Total collection time of all collectors so far. */
    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return "n/a";
        }
    }

    private static long median(long[] values) {
        return percentile(values, 0.5);
    }

    /** Nearest-rank percentile. */
}
