package dev.geminisearch.store;

import dev.geminisearch.store.memory.InMemoryVectorStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What segments cost an exact search: the same N seeded random rows searched (topK 10, no filter)
 * once as N items without segments and once as N / K items of K segments each, in one JVM,
 * interleaved query by query with a floor pass (a sum of all N x d floats, the memory-bandwidth
 * floor of any exact scan). Reports the medians and the ratios segmented / plain and plain / floor.
 * Not a test (no timing is asserted anywhere); run it by hand:
 *
 * <pre>
 * mvn -o -q test-compile &amp;&amp; mvn -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xms2g -Xmx2g -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     dev.geminisearch.store.SegmentSearchBenchmark [rows=20000] [dimensions=768] [segmentsPerItem=20]
 * </pre>
 */
public final class SegmentSearchBenchmark {

    private static final int WARMUP = 200;
    private static final int TIMED = 300;
    private static final int TOP_K = 10;

    /** Keeps results alive so the JIT cannot drop the loops. */
    private static volatile double sink;

    private SegmentSearchBenchmark() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int dimensions = args.length > 1 ? Integer.parseInt(args[1]) : 768;
        int perItem = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        SplittableRandom random = new SplittableRandom(42);
        StoreFingerprint fingerprint = new StoreFingerprint("bench", dimensions);
        float[][] vectors = new float[rows][];
        float[] flat = new float[Math.multiplyExact(rows, dimensions)];
        for (int i = 0; i < rows; i++) {
            vectors[i] = unit(random, dimensions);
            System.arraycopy(vectors[i], 0, flat, i * dimensions, dimensions);
        }
        try (VectorStore plain = new InMemoryVectorStore(fingerprint);
             VectorStore segmented = new InMemoryVectorStore(fingerprint)) {
            for (int i = 0; i < rows; i++) {
                plain.upsert(item("plain-" + i, vectors[i], List.of()), Map.of());
            }
            for (int item = 0; item < rows / perItem; item++) {
                List<StoredSegment> segments = new ArrayList<>(perItem);
                for (int j = 0; j < perItem; j++) {
                    segments.add(StoredSegment.timeSpan(j, 180.0 * j, 180.0 * (j + 1), vectors[item * perItem + j]));
                }
                segmented.upsert(item("segmented-" + item, unit(random, dimensions), segments), Map.of());
            }
            for (int i = 0; i < WARMUP; i++) {
                float[] query = unit(random, dimensions);
                plain.search(query, TOP_K, -1, ItemFilter.NONE);
                segmented.search(query, TOP_K, -1, ItemFilter.NONE);
                floor(flat);
            }
            long[] plainNanos = new long[TIMED];
            long[] segmentedNanos = new long[TIMED];
            long[] floorNanos = new long[TIMED];
            for (int i = 0; i < TIMED; i++) {
                float[] query = unit(random, dimensions);
                // alternate which store goes first, so neither always meets the caches the other left
                VectorStore first = i % 2 == 0 ? plain : segmented;
                VectorStore second = i % 2 == 0 ? segmented : plain;
                long firstNanos = time(first, query);
                long secondNanos = time(second, query);
                plainNanos[i] = i % 2 == 0 ? firstNanos : secondNanos;
                segmentedNanos[i] = i % 2 == 0 ? secondNanos : firstNanos;
                long start = System.nanoTime();
                floor(flat);
                floorNanos[i] = System.nanoTime() - start;
            }
            double plainMs = median(plainNanos);
            double segmentedMs = median(segmentedNanos);
            double floorMs = median(floorNanos);
            System.out.printf(Locale.ROOT, "%d rows x %d dimensions; segmented: %d items x %d segments; java %s, %d cpus%n",
                    rows, dimensions, rows / perItem, perItem, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "median search: plain %.3f ms, segmented %.3f ms, floor %.3f ms%n", plainMs,
                    segmentedMs, floorMs);
            System.out.printf(Locale.ROOT, "RESULT segmented_over_plain=%.2f plain_over_floor=%.2f segmented_over_floor=%.2f%n",
                    segmentedMs / plainMs, plainMs / floorMs, segmentedMs / floorMs);
        }
    }

    private static long time(VectorStore store, float[] query) {
        long start = System.nanoTime();
        sink = store.search(query, TOP_K, -1, ItemFilter.NONE).get(0).score();
        return System.nanoTime() - start;
    }

    private static StoredItem item(String id, float[] vector, List<StoredSegment> segments) {
        return new StoredItem(id, null, Map.of(), List.of(StoredPart.text(id)), Instant.EPOCH, vector, segments);
    }

    /** One pass over every float with eight independent accumulators, so the adds never bind. */
    private static void floor(float[] flat) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        float a4 = 0;
        float a5 = 0;
        float a6 = 0;
        float a7 = 0;
        for (int i = 0; i + 8 <= flat.length; i += 8) {
            a0 += flat[i];
            a1 += flat[i + 1];
            a2 += flat[i + 2];
            a3 += flat[i + 3];
            a4 += flat[i + 4];
            a5 += flat[i + 5];
            a6 += flat[i + 6];
            a7 += flat[i + 7];
        }
        sink = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static float[] unit(SplittableRandom random, int dimensions) {
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }
}
