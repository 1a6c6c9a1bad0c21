package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.file.FileVectorStore;
import dev.geminisearch.store.memory.InMemoryVectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Heap and disk per item of the local stores, for the README's sizing table: the heap a store holds
 * for N small text items (title, one sentence, two metadata values), measured as used heap after
 * full GCs before and after, minus the raw float32 vectors ({@code N * d * 4} bytes) to give the
 * per-item overhead; and the file store's log bytes per item. Not a test, and not JOL: the heap
 * figure is {@code totalMemory - freeMemory} after {@code System.gc()}, good to a few percent.
 *
 * <pre>
 * java -Xmx3g -cp target/test-classes:target/classes:$(deps) dev.geminisearch.bench.StoreMemoryBenchmark DIR [N] [DIM...]
 * </pre>
 *
 * <p>DIR must be missing or empty (a file store per dimension is written under it). Defaults: N =
 * 10240 (ten full vector blocks, so no block is partly empty) and dimensions 768, 1536, 3072.
 */
public final class StoreMemoryBenchmark {

    private static final long SEED = 42L;

    /** Keeps a store reachable across the measurement. */
    private static volatile Object sink;

    private StoreMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/store-memory-bench");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_240;
        List<Integer> dimensions = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            dimensions.add(Integer.parseInt(args[i]));
        }
        if (dimensions.isEmpty()) {
            dimensions = List.of(768, 1536, 3072);
        }
        line("| store | dimensions | items | heap per item | raw vector | overhead per item | log bytes per item |");
        line("|---|---|---|---|---|---|---|");
        for (int d : dimensions) {
            StoreFingerprint fingerprint = new StoreFingerprint("gemini-embedding-2", d);
            long before = usedHeap();
            InMemoryVectorStore memory = new InMemoryVectorStore(fingerprint);
            fill(memory, count, d);
            report("memory", d, count, usedHeap() - before, -1);
            memory.close();
            memory = null;
            sink = null;

            Path storeDir = dir.resolve("file-" + d);
            try (FileVectorStore written = FileVectorStore.open(storeDir, fingerprint)) {
                fill(written, count, d);
            }
            sink = null;
            long logBytes = Files.size(storeDir.resolve("items.log"));
            before = usedHeap();
            // measured after a reopen (log replay), which is how a long-running service holds it
            FileVectorStore file = FileVectorStore.open(storeDir, fingerprint);
            sink = file;
            report("file (reopened)", d, count, usedHeap() - before, logBytes);
            file.close();
            sink = null;
            deleteTree(storeDir);
        }
    }

    private static void fill(VectorStore store, int count, int dimensions) {
        SplittableRandom random = new SplittableRandom(SEED);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            StoredItem item = new StoredItem("item-" + i, "photo-" + i + ".jpg",
                    Map.of("n", (long) i, "album", "holiday-" + (i % 50)),
                    List.of(StoredPart.text("A short caption for picture number " + i + " of the collection")),
                    now, unitVector(random, dimensions));
            store.upsert(item, Map.of());
        }
        sink = store;
    }

    private static void report(String store, int d, int count, long heapBytes, long logBytes) {
        double perItem = heapBytes / (double) count;
        line("| %s | %d | %d | %s B | %d B | %s B | %s |", store, d, count, fmt0(perItem), 4 * d, fmt0(perItem - 4.0 * d),
                logBytes < 0 ? "-" : fmt0(logBytes / (double) count) + " B");
    }

    private static float[] unitVector(SplittableRandom random, int dimensions) {
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            v[i] *= scale;
        }
        return v;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // several rounds: the smallest reading is the one with the least floating garbage
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
