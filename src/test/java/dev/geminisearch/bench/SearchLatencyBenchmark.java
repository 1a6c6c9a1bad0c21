package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.VectorStore;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code POST /search} by {@code itemId} through the API of the real application (started in this JVM,
 * {@code STORE_TYPE=memory}) over N stored vectors, against the memory-bandwidth floor measured in the
 * same JVM and run: one pass summing all N x d floats in 1024-vector blocks with 8 accumulators, as
 * {@link CoreBenchmark} defines it. The target is {@code 2 x floor + 5 ms} for the median and the p99.
 *
 * <p>A memory store cannot be loaded from disk and the API takes no raw vectors, so the store bean is
 * filled directly (seeded random unit vectors, items {@code item-i} with text {@code "item i"}); every
 * timed request then goes through Tomcat, the filters, JSON and the search service, from a
 * {@link java.net.http.HttpClient} on one keep-alive connection, one request at a time.
 *
 * <p>Interleaved, so all see the same load: after every search a {@code GET /actuator/health/liveness}
 * (the cost of a trivial request), every 5th search an in-process {@code store.search} with the same
 * kind of query (topK 11, what a search by item asks the store for), every 10th a floor pass.
 *
 * <pre>
 * java -Xms3g -Xmx3g -cp ... dev.geminisearch.bench.SearchLatencyBenchmark [count=20000] [dimensions=3072] [timed=300]
 * </pre>
 */
public final class SearchLatencyBenchmark {

    private static final int BLOCK_VECTORS = 1024;
    private static final int WARMUP = 100;
    private static final int FLOOR_EVERY = 10;
    private static final int STORE_EVERY = 5;
    private static volatile double sink;

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int dimensions = args.length > 1 ? Integer.parseInt(args[1]) : 3072;
        int timed = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        try {
            run(count, dimensions, timed);
        } finally {
            System.exit(0);
        }
    }

    private static void run(int count, int dimensions, int timed) throws Exception {
        line("SearchLatencyBenchmark: %d x %d (%.0f MiB of floats), java %s, %d processors, max heap %d MiB, load average %s",
                count, dimensions, (double) count * dimensions * 4 / (1 << 20), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
        try (InProcessService service = new InProcessService(Map.of("store.type", "memory", "gemini.api-key", "",
                "embedding.dimensions", Integer.toString(dimensions)))) {
            line("virtual threads: %s", service.bean(org.springframework.core.env.Environment.class)
                    .getProperty("spring.threads.virtual.enabled", "false") + (Runtime.version().feature() >= 21
                    ? "" : " (ignored below Java 21)"));
            VectorStore store = service.bean(VectorStore.class);
            float[][] blocks = new float[(count + BLOCK_VECTORS - 1) / BLOCK_VECTORS][BLOCK_VECTORS * dimensions];
            SplittableRandom random = new SplittableRandom(42);
            Instant createdAt = Instant.parse("2025-01-01T00:00:00Z");
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                float[] vector = randomUnit(random, dimensions);
                System.arraycopy(vector, 0, blocks[i / BLOCK_VECTORS], (i % BLOCK_VECTORS) * dimensions, dimensions);
                store.upsert(new StoredItem("item-" + i, null, Map.of("n", i), List.of(StoredPart.text("item " + i)),
                        createdAt, vector), Map.of());
            }
            line("filled the memory store with %d items in %.1f s", store.count(), secs(System.nanoTime() - t0));

            SplittableRandom pick = new SplittableRandom(7);
            for (int i = 0; i < WARMUP; i++) {
                search(service, "item-" + pick.nextInt(count));
                live(service);
                if (i % STORE_EVERY == 0) {
                    storeSearch(store, "item-" + pick.nextInt(count));
                }
                if (i % FLOOR_EVERY == 0) {
                    sink += floorPass(blocks, count, dimensions);
                }
            }
            long[] http = new long[timed];
            long[] liveness = new long[timed];
            long[] inProcess = new long[timed / STORE_EVERY];
            long[] floor = new long[timed / FLOOR_EVERY];
            for (int q = 0; q < timed; q++) {
                http[q] = search(service, "item-" + pick.nextInt(count));
                liveness[q] = live(service);
                if (q % STORE_EVERY == 0 && q / STORE_EVERY < inProcess.length) {
                    inProcess[q / STORE_EVERY] = storeSearch(store, "item-" + pick.nextInt(count));
                }
                if (q % FLOOR_EVERY == 0 && q / FLOOR_EVERY < floor.length) {
                    long f = System.nanoTime();
                    sink += floorPass(blocks, count, dimensions);
                    floor[q / FLOOR_EVERY] = System.nanoTime() - f;
                }
            }
            double floorMs = ms(percentile(floor, 0.5));
            double bound = 2 * floorMs + 5;
            double median = ms(percentile(http, 0.5));
            double p99 = ms(percentile(http, 0.99));
            double gibPerS = (double) count * dimensions * Float.BYTES / (1L << 30) / (floorMs / 1e3);
            line("floor: %.2f ms median of %d passes (%.1f GiB/s); bound 2 x floor + 5 ms = %.2f ms", floorMs, floor.length,
                    gibPerS, bound);
            line("HTTP POST /search by itemId: median %.2f ms, p99 %.2f ms (%d requests); liveness GET median %.2f ms;"
                    + " in-process store.search median %.2f ms, p99 %.2f ms", median, p99, timed,
                    ms(percentile(liveness, 0.5)), ms(percentile(inProcess, 0.5)), ms(percentile(inProcess, 0.99)));
            System.out.println();
            System.out.println("| metric | value | baseline | ratio |");
            System.out.println("|---|---|---|---|");
            row("HTTP POST /search by itemId, topK 10, median (" + timed + " requests)", median, bound,
                    "2 x floor + 5 ms (floor " + fmt2(floorMs) + " ms, " + fmt1(gibPerS) + " GiB/s)");
            row("HTTP POST /search by itemId, p99", p99, bound, "2 x floor + 5 ms");
            row("HTTP POST /search by itemId, median, vs the floor alone", median, floorMs, "memory floor");
            row("in-process store.search, topK 11, median (" + inProcess.length + ")", ms(percentile(inProcess, 0.5)), floorMs,
                    "memory floor");
            row("in-process store.search, p99", ms(percentile(inProcess, 0.99)), floorMs, "memory floor");
            row("HTTP search median minus in-process median (the API's share)", median - ms(percentile(inProcess, 0.5)),
                    ms(percentile(liveness, 0.5)), "GET liveness median");
            System.out.println();
            System.out.println("RESULT floor_ms=" + fmt2(floorMs));
            System.out.println("RESULT bound_ms=" + fmt2(bound));
            System.out.println("RESULT http_median_ms=" + fmt2(median));
            System.out.println("RESULT http_p99_ms=" + fmt2(p99));
            System.out.println("RESULT median_within_bound=" + (median <= bound));
            System.out.println("RESULT p99_within_bound=" + (p99 <= bound));
        }
    }

    private static void row(String metric, double value, double baseline, String baselineName) {
        System.out.println("| " + metric + " | " + fmt2(value) + " ms | " + fmt2(baseline) + " ms " + baselineName + " | "
                + fmt2(value / baseline) + "x |");
    }

    private static long search(InProcessService service, String itemId) {
        long t0 = System.nanoTime();
        HttpResponse<String> response = service.postJson("/search", "{\"itemId\":\"" + itemId + "\",\"topK\":10}");
        long nanos = System.nanoTime() - t0;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /search answered " + response.statusCode() + ": " + response.body());
        }
        sink += response.body().length();
        return nanos;
    }

    private static long live(InProcessService service) {
        long t0 = System.nanoTime();
        HttpResponse<String> response = service.get("/actuator/health/liveness");
        long nanos = System.nanoTime() - t0;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("liveness answered " + response.statusCode());
        }
        return nanos;
    }

    private static long storeSearch(VectorStore store, String itemId) {
        float[] query = store.find(itemId).orElseThrow().vector();
        long t0 = System.nanoTime();
        sink += store.search(query, 11, -1, ItemFilter.NONE).get(0).score();
        return System.nanoTime() - t0;
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

    private static float[] randomUnit(SplittableRandom random, int dimensions) {
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            float x = (float) (random.nextDouble() * 2 - 1);
            vector[i] = x;
            norm += (double) x * x;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= inverse;
        }
        return vector;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
