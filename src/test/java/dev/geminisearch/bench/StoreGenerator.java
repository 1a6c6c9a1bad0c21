package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.file.FileVectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes a file store of N seeded random unit vectors for the service to start on, through
 * {@link FileVectorStore}'s public API only (so the store is whatever the current store code writes).
 * Each item: id {@code item-i}, one text part {@code "item i <topic word>"}, metadata
 * {@code {"n": i, "group": "g<i % 10>"}}, model gemini-embedding-2.
 *
 * <p>The store fsyncs every upsert; at a million items that is minutes of disk flushes. Callers that
 * want the store fast give a directory on tmpfs ({@code /dev/shm}), where the same fsync calls return
 * at once, and copy the finished directory to disk afterwards; the bytes are the same.
 *
 * <p>Then, unless {@code searches=0}, it times {@code searches} in-process searches with stored vectors
 * as queries ({@code topK 11}, as a search by item id asks for one more than it returns), single-threaded,
 * after as many warm-up searches: the in-process reference for the HTTP benchmark.
 *
 * <pre>
 * java -Xmx8g -cp ... dev.geminisearch.bench.StoreGenerator DIR COUNT [DIMENSIONS=768] [searches=200]
 * </pre>
 * Prints {@code RESULT} lines: generate_s, log_bytes, search_median_ms, search_p99_ms.
 */
public final class StoreGenerator {

    private static final String[] TOPICS = {"puppy", "beach", "mountain", "invoice", "concert", "recipe", "garden",
            "bicycle", "harbour", "library"};
    private static volatile double sink;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: StoreGenerator DIR COUNT [DIMENSIONS=768] [SEARCHES=200]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        int count = Integer.parseInt(args[1]);
        int dimensions = args.length > 2 ? Integer.parseInt(args[2]) : 768;
        int searches = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        if (Files.exists(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(dir + " is not empty");
                }
            }
        }
        line("StoreGenerator: %d items x %d dimensions into %s (java %s, max heap %d MiB)", count, dimensions, dir,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        SplittableRandom random = new SplittableRandom(42);
        Instant createdAt = Instant.parse("2025-01-01T00:00:00Z");
        long start = System.nanoTime();
        try (FileVectorStore store = FileVectorStore.open(dir, new StoreFingerprint("gemini-embedding-2", dimensions))) {
            float[] vector = new float[dimensions];
            for (int i = 0; i < count; i++) {
                randomUnit(random, vector);
                StoredItem item = new StoredItem("item-" + i, null, Map.of("n", i, "group", "g" + (i % 10)),
                        List.of(StoredPart.text("item " + i + " " + TOPICS[i % TOPICS.length])), createdAt, vector.clone());
                store.upsert(item, Map.of());
                if ((i + 1) % 100_000 == 0) {
                    line("  %d items after %.1f s", i + 1, secs(System.nanoTime() - start));
                }
            }
            long nanos = System.nanoTime() - start;
            long logBytes = Files.size(dir.resolve("items.log"));
            line("wrote %d items in %.1f s (%.0f items/s); items.log %s (%d bytes per item)", count, secs(nanos),
                    count / secs(nanos), mib(logBytes), logBytes / Math.max(1, count));
            System.out.println("RESULT generate_s=" + fmt1(secs(nanos)));
            System.out.println("RESULT log_bytes=" + logBytes);
            if (searches > 0) {
                search(store, count, searches);
            }
        }
    }

    private static void search(FileVectorStore store, int count, int searches) {
        SplittableRandom pick = new SplittableRandom(7);
        long[] nanos = new long[searches];
        for (int round = 0; round < 2; round++) {
            for (int q = 0; q < searches; q++) {
                float[] query = store.find("item-" + pick.nextInt(count)).orElseThrow().vector();
                long t0 = System.nanoTime();
                List<SearchHit> hits = store.search(query, 11, -1, ItemFilter.NONE);
                nanos[q] = System.nanoTime() - t0;
                sink += hits.get(0).score();
            }
        }
        line("in-process search, topK 11, %d stored vectors as queries after as many warm-up: median %.2f ms, p99 %.2f ms",
                searches, ms(percentile(nanos, 0.5)), ms(percentile(nanos, 0.99)));
        System.out.println("RESULT search_median_ms=" + fmt2(ms(percentile(nanos, 0.5))));
        System.out.println("RESULT search_p99_ms=" + fmt2(ms(percentile(nanos, 0.99))));
    }

    private static void randomUnit(SplittableRandom random, float[] vector) {
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            float x = (float) (random.nextDouble() * 2 - 1);
            vector[i] = x;
            norm += (double) x * x;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= inverse;
        }
    }
}
