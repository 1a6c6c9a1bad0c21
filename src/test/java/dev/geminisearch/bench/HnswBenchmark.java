package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.fmt0;
import static dev.geminisearch.bench.BenchOutput.fmt1;
import static dev.geminisearch.bench.BenchOutput.fmt2;
import static dev.geminisearch.bench.BenchOutput.fmt3;
import static dev.geminisearch.bench.BenchOutput.fmt4;
import static dev.geminisearch.bench.BenchOutput.line;
import static dev.geminisearch.bench.BenchOutput.mib;
import static dev.geminisearch.bench.BenchOutput.ms;
import static dev.geminisearch.bench.BenchOutput.percentile;

import com.sun.management.OperatingSystemMXBean;
import dev.geminisearch.store.vector.HnswDotProduct;
import dev.geminisearch.store.vector.HnswFloatVectors;
import dev.geminisearch.store.vector.HnswHit;
import dev.geminisearch.store.vector.HnswIndex;
import dev.geminisearch.store.vector.HnswPolicy;
import dev.geminisearch.store.vector.HnswProperties;
import dev.geminisearch.store.vector.HnswResult;
import dev.geminisearch.store.vector.HnswCheckpoint;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

/**
 * Benchmark of {@link HnswIndex} against the exact scan it replaces, everything measured in one JVM
 * and reported as ratios (see bench/README.md). Not a test: run it with {@code bench/hnsw.sh} or
 *
 * <pre>
 * java -Xmx7g -cp target/test-classes:target/classes:$(deps) dev.geminisearch.bench.HnswBenchmark \
 *     [count=1000000] [dimensions=768] [key=value ...]
 * </pre>
 *
 * Options: {@code data=lowrank32,random} (data sets, in order; lowrankK = intrinsic dimension K),
 * {@code random-count=100000} (vectors of the uniform random set, which is the slow worst case),
 * {@code queries=200}, {@code threads=2} (build threads), {@code m=16}, {@code ef-construction=100},
 * {@code efs=10,20,40,100,200,400}, {@code dir=/tmp} (for the saved graph).
 *
 * <p>Per data set: generate N seeded unit vectors; bulk-build the graph (wall time, process CPU time,
 * vectors/s per build thread and per CPU-second); graph memory per vector; Q queries drawn like the
 * data (every 10th a near-duplicate of a stored vector); per query the exact scan (single thread,
 * same kernel, same blocked float layout; also the ground truth) and the HNSW search at every ef,
 * interleaved so that both see the same machine load; filtered searches at selectivity 0.5 / 0.2 /
 * 0.1 with the plain and the policy-raised ef; incremental adds; save and load of the graph.
 */
public final class HnswBenchmark {

    private static final long DATA_SEED = 20_261_126L;
    private static final long QUERY_SEED = 77L;
    private static final long WARMUP_SEED = 78L;
    private static final int K = 10;
    private static final int WARMUP_QUERIES = 50;
    private static final int ADDS = 1000;
    private static final double NEAR_DUPLICATE_NOISE = 0.3;
    private static final double[] SELECTIVITIES = {0.5, 0.2, 0.1};

    /** Keeps results alive so the JIT cannot drop the loops. */
    private static volatile double sink;

    private final int count;
    private final int dimensions;
    private final Map<String, String> options;
    private final HnswDotProduct kernel = HnswDotProduct.scalar();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> results = new ArrayList<>();

    private HnswBenchmark(int count, int dimensions, Map<String, String> options) {
        this.count = count;
        this.dimensions = dimensions;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        int count = 1_000_000;
        int dimensions = 768;
        Map<String, String> options = new LinkedHashMap<>();
        int positional = 0;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (positional++ == 0) {
                count = Integer.parseInt(arg);
            } else {
                dimensions = Integer.parseInt(arg);
            }
        }
        new HnswBenchmark(count, dimensions, options).run();
    }

    private String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    private int intOption(String key, int fallback) {
        return Integer.parseInt(option(key, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        int threads = intOption("threads", 2);
        int queries = intOption("queries", 200);
        int randomCount = intOption("random-count", Math.min(count, 100_000));
        HnswIndex.Options indexOptions = new HnswIndex.Options(intOption("m", 16), intOption("ef-construction", 100), 1.0,
                threads, 42L);
        int[] efs = Arrays.stream(option("efs", "10,20,40,100,200,400").split(",")).mapToInt(Integer::parseInt).toArray();
        Path dir = Path.of(option("dir", System.getProperty("java.io.tmpdir")));
        line("HnswBenchmark: count=%d dimensions=%d threads=%d queries=%d m=%d efConstruction=%d efs=%s kernel=scalar",
                count, dimensions, threads, queries, indexOptions.m(), indexOptions.efConstruction(), Arrays.toString(efs));
        for (String data : option("data", "lowrank32,random").split(",")) {
            int n = data.equals("random") ? randomCount : count;
            runDataSet(data, n, threads, queries, indexOptions, efs, dir);
        }
        line("");
        line("| metric | value | baseline | ratio |");
        line("|---|---|---|---|");
        for (String[] row : rows) {
            line("| %s | %s | %s | %s |", row[0], row[1], row[2], row[3]);
        }
        line("");
        for (String result : results) {
            line("RESULT %s", result);
        }
    }

    private void row(String metric, String value, String baseline, String ratio) {
        rows.add(new String[] {metric, value, baseline, ratio});
    }

    private void runDataSet(String data, int n, int threads, int queryCount, HnswIndex.Options indexOptions, int[] efs,
                            Path dir) throws Exception {
        int latent = data.equals("random") ? 0 : Integer.parseInt(data.substring("lowrank".length()));
        String label = data + " " + n + "x" + dimensions;
        line("");
        line("== %s ==", label);
        long t0 = System.nanoTime();
        float[][] projection = latent == 0 ? null : projection(latent);
        HnswFloatVectors vectors = generate(n, projection, threads);
        int[] nodes = new int[n];
        Arrays.setAll(nodes, i -> i);
        line("generated %d vectors in %.1f s", n, (System.nanoTime() - t0) / 1e9);

        // ---- build ----
        long heapBefore = usedHeapAfterGc();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long b0 = System.nanoTime();
        HnswIndex index = HnswIndex.build(vectors, kernel, indexOptions, nodes);
        long buildNanos = System.nanoTime() - b0;
        long buildCpu = os.getProcessCpuTime() - cpu0;
        long heapAfter = usedHeapAfterGc();
        double perThread = n / (buildNanos / 1e9) / threads;
        double perCpuSecond = n / (buildCpu / 1e9);
        line("built in %.1f s wall, %.1f s CPU: %.0f vectors/s per build thread, %.0f per CPU-second",
                buildNanos / 1e9, buildCpu / 1e9, perThread, perCpuSecond);
        row(label + ": build, " + threads + " threads (vectors/s per thread; wall " + fmt1(buildNanos / 1e9) + " s)",
                fmt0(perThread), "500 vectors/s/core target", fmt2(perThread / 500) + "x");
        row(label + ": build per CPU-second of the process (CPU " + fmt1(buildCpu / 1e9) + " s)", fmt0(perCpuSecond),
                "500 vectors/s/core target", fmt2(perCpuSecond / 500) + "x");
        long memory = index.memoryBytes();
        row(label + ": graph memory per vector, memoryBytes() (" + mib(memory) + ")", memory / n + " B",
                dimensions * 4 + " B raw float vector", fmt3(memory / (double) n / (dimensions * 4)) + "x");
        row(label + ": graph memory per vector, heap after GC minus before build", (heapAfter - heapBefore) / n + " B",
                dimensions * 4 + " B raw float vector", fmt3((heapAfter - heapBefore) / (double) n / (dimensions * 4)) + "x");
        results.add(data + "_build_vectors_per_s_per_thread=" + fmt0(perThread));
        results.add(data + "_build_vectors_per_cpu_s=" + fmt0(perCpuSecond));

        // ---- queries ----
        SplittableRandom queryRandom = new SplittableRandom(QUERY_SEED);
        List<float[]> queries = new ArrayList<>();
        boolean[] nearDuplicate = new boolean[queryCount];
        for (int q = 0; q < queryCount; q++) {
            if (q % 10 == 9) {
                queries.add(nearDuplicate(queryRandom, vectors.get(queryRandom.nextInt(n))));
                nearDuplicate[q] = true;
            } else {
                queries.add(dataVector(queryRandom, projection));
            }
        }
        SplittableRandom warm = new SplittableRandom(WARMUP_SEED);
        float[] scores = new float[n];
        for (int w = 0; w < WARMUP_QUERIES; w++) {
            float[] query = dataVector(warm, projection);
            for (int ef : efs) {
                sink += index.search(query, K, ef, null).visitedNodes();
            }
            if (w % 10 == 0) {
                sink += exactScan(vectors, n, query, scores)[0];
            }
        }
        long[] exactNanos = new long[queryCount];
        long[][] hnswNanos = new long[efs.length][queryCount];
        double[] recallSum = new double[efs.length];
        double[] recallNear = new double[efs.length];
        long[] visitedSum = new long[efs.length];
        int[][] exactTop = new int[queryCount][];
        Map<Double, int[][]> filteredTop = new LinkedHashMap<>();
        for (double s : SELECTIVITIES) {
            filteredTop.put(s, new int[queryCount][]);
        }
        for (int q = 0; q < queryCount; q++) {
            float[] query = queries.get(q);
            long e0 = System.nanoTime();
            int[] exact = exactScan(vectors, n, query, scores);
            exactNanos[q] = System.nanoTime() - e0;
            exactTop[q] = exact;
            for (double s : SELECTIVITIES) {
                filteredTop.get(s)[q] = topKOfScores(scores, filter(s));
            }
            // rotate the order so that no ef always runs first after the (cache-flushing) exact scan
            for (int j = 0; j < efs.length; j++) {
                int e = (j + q) % efs.length;
                long h0 = System.nanoTime();
                HnswResult result = index.search(query, K, efs[e], null);
                hnswNanos[e][q] = System.nanoTime() - h0;
                double r = recall(result.hits(), exact);
                recallSum[e] += r;
                if (nearDuplicate[q]) {
                    recallNear[e] += r;
                }
                visitedSum[e] += result.visitedNodes();
            }
        }
        int nearCount = queryCount / 10;
        double exactMean = Arrays.stream(exactNanos).average().orElse(0);
        double exactQps = 1e9 / exactMean;
        row(label + ": exact scan, 1 thread, top 10 (queries/s; median " + fmt2(ms(percentile(exactNanos, 0.5))) + " ms)",
                fmt2(exactQps), "(baseline)", "1.00x");
        results.add(data + "_exact_qps=" + fmt2(exactQps));
        for (int e = 0; e < efs.length; e++) {
            double mean = Arrays.stream(hnswNanos[e]).average().orElse(0);
            double qps = 1e9 / mean;
            double recall = recallSum[e] / queryCount;
            double near = nearCount == 0 ? Double.NaN : recallNear[e] / nearCount;
            double random = (recallSum[e] - recallNear[e]) / (queryCount - nearCount);
            row(label + ": HNSW ef " + efs[e] + ", 1 thread (queries/s; median " + fmt3(ms(percentile(hnswNanos[e], 0.5)))
                            + " ms, p99 " + fmt3(ms(percentile(hnswNanos[e], 0.99))) + " ms)",
                    fmt1(qps), fmt2(exactQps) + " exact scan", fmt1(qps / exactQps) + "x");
            row(label + ": HNSW ef " + efs[e] + " recall@10 (drawn like the data / near-duplicates); vectors scored",
                    fmt4(recall) + " (" + fmt4(random) + " / " + fmt4(near) + "); " + visitedSum[e] / queryCount,
                    "1 exact scan; " + n, fmt4(recall));
            results.add(data + "_ef" + efs[e] + "_recall=" + fmt4(recall));
            results.add(data + "_ef" + efs[e] + "_qps_ratio=" + fmt1(qps / exactQps));
        }

        // ---- filtered ----
        HnswPolicy policy = new HnswPolicy(new HnswProperties(true, 0, indexOptions.m(), indexOptions.efConstruction(),
                100, 0.1, 1000, 1.0, threads));
        for (double s : SELECTIVITIES) {
            IntPredicate accept = filter(s);
            double estimated = index.estimateSelectivity(accept, 500);
            int raised = policy.plan(n, K, estimated, true).ef();
            for (int ef : new int[] {100, raised}) {
                double sum = 0;
                long visited = 0;
                long[] nanos = new long[queryCount];
                for (int q = 0; q < queryCount; q++) {
                    long h0 = System.nanoTime();
                    HnswResult result = index.search(queries.get(q), K, ef, accept);
                    nanos[q] = System.nanoTime() - h0;
                    sum += recall(result.hits(), filteredTop.get(s)[q]);
                    visited += result.visitedNodes();
                }
                double qps = 1e9 / Arrays.stream(nanos).average().orElse(1);
                row(label + ": filter passing " + s + " (estimated " + fmt3(estimated) + "), ef " + ef
                                + (ef == raised && ef != 100 ? " (policy)" : "") + ": recall@10; vectors scored; queries/s",
                        fmt4(sum / queryCount) + "; " + visited / queryCount + "; " + fmt1(qps),
                        fmt2(exactQps) + " exact scan", fmt1(qps / exactQps) + "x");
                results.add(data + "_filter" + s + "_ef" + ef + "_recall=" + fmt4(sum / queryCount));
                if (raised == 100) {
                    break;
                }
            }
        }

        // ---- incremental adds (what one store write costs the graph) ----
        SplittableRandom more = new SplittableRandom(DATA_SEED + 1);
        long[] addNanos = new long[ADDS];
        for (int i = 0; i < ADDS; i++) {
            vectors.put(n + i, dataVector(more, projection));
            long a0 = System.nanoTime();
            index.add(n + i);
            addNanos[i] = System.nanoTime() - a0;
        }
        double addMean = Arrays.stream(addNanos).average().orElse(0);
        row(label + ": incremental add, 1 thread (median " + fmt3(ms(percentile(addNanos, 0.5))) + " ms, p99 "
                        + fmt3(ms(percentile(addNanos, 0.99))) + " ms; " + ADDS + " adds)",
                fmt0(1e9 / addMean) + " vectors/s", fmt0(perThread) + " bulk build per thread",
                fmt2(1e9 / addMean / perThread) + "x");

        // ---- save / load ----
        Path file = Files.createTempFile(dir, "hnsw-bench-", ".hnsw");
        try {
            long s0 = System.nanoTime();
            index.save(file, new HnswCheckpoint(1, n + ADDS));
            long saveNanos = System.nanoTime() - s0;
            long fileBytes = Files.size(file);
            usedHeapAfterGc();
            long l0 = System.nanoTime();
            HnswIndex.Loaded loaded = HnswIndex.load(file, vectors, kernel, indexOptions);
            long loadNanos = System.nanoTime() - l0;
            boolean same = true;
            for (int q = 0; q < Math.min(20, queryCount); q++) {
                same &= loaded.index().search(queries.get(q), K, 100, null).equals(index.search(queries.get(q), K, 100, null));
            }
            row(label + ": save graph (" + mib(fileBytes) + ", " + fileBytes / (n + ADDS) + " B/vector, fsync)",
                    fmt0(ms(saveNanos)) + " ms", fmt1(buildNanos / 1e9) + " s build", fmt4(saveNanos / (double) buildNanos) + "x");
            row(label + ": load graph (checksum verified; same results as before saving: " + same + ")",
                    fmt0(ms(loadNanos)) + " ms", fmt1(buildNanos / 1e9) + " s build", fmt4(loadNanos / (double) buildNanos) + "x");
            results.add(data + "_load_ms=" + fmt0(ms(loadNanos)));
            results.add(data + "_save_ms=" + fmt0(ms(saveNanos)));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---- exact scan: the store's layout (float blocks of 1024 rows) and the same kernel ----

    /** Scores every vector into {@code scores} and returns the top 10 ids, best first. */
    private int[] exactScan(HnswFloatVectors vectors, int n, float[] query, float[] scores) {
        int[] topNodes = new int[K];
        float[] topScores = new float[K];
        Arrays.fill(topScores, Float.NEGATIVE_INFINITY);
        Arrays.fill(topNodes, -1);
        float worst = Float.NEGATIVE_INFINITY;
        for (int node = 0; node < n; node++) {
            float score = kernel.dot(query, vectors.array(node), vectors.offset(node), dimensions);
            scores[node] = score;
            if (score > worst) {
                worst = insert(topNodes, topScores, node, score);
            }
        }
        return topNodes;
    }

    private static int[] topKOfScores(float[] scores, IntPredicate accept) {
        int[] topNodes = new int[K];
        float[] topScores = new float[K];
        Arrays.fill(topScores, Float.NEGATIVE_INFINITY);
        Arrays.fill(topNodes, -1);
        float worst = Float.NEGATIVE_INFINITY;
        for (int node = 0; node < scores.length; node++) {
            if (scores[node] > worst && accept.test(node)) {
                worst = insert(topNodes, topScores, node, scores[node]);
            }
        }
        return topNodes;
    }

    /** Inserts into a best-first array of K, dropping the last; returns the new worst score. */
    private static float insert(int[] nodes, float[] scores, int node, float score) {
        int i = K - 1;
        while (i > 0 && scores[i - 1] < score) {
            scores[i] = scores[i - 1];
            nodes[i] = nodes[i - 1];
            i--;
        }
        scores[i] = score;
        nodes[i] = node;
        return scores[K - 1];
    }

    /** A filter uncorrelated with the vectors: a hash of the node id. */
    private static IntPredicate filter(double selectivity) {
        int threshold = (int) Math.round(selectivity * 1000);
        return node -> {
            int h = node * 0x9E3779B9;
            return Integer.remainderUnsigned(h ^ (h >>> 15), 1000) < threshold;
        };
    }

    private static double recall(List<HnswHit> hits, int[] exact) {
        int found = 0;
        for (HnswHit hit : hits) {
            for (int e : exact) {
                if (e == hit.node()) {
                    found++;
                    break;
                }
            }
        }
        return found / (double) K;
    }

    // ---- data ----

    private float[][] projection(int latent) {
        SplittableRandom random = new SplittableRandom(DATA_SEED ^ 0x5eed);
        float[][] projection = new float[latent][];
        for (int j = 0; j < latent; j++) {
            projection[j] = randomUnit(random, dimensions);
        }
        return projection;
    }

    /** N vectors, generated in chunks of 4096 with a seed per chunk (so the thread count does not change them). */
    private HnswFloatVectors generate(int n, float[][] projection, int threads) throws Exception {
        HnswFloatVectors vectors = new HnswFloatVectors(dimensions);
        vectors.put(n - 1, new float[dimensions]); // allocates every block up front, so workers only write rows
        int chunk = 4096;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int start = 0; start < n; start += chunk) {
                int from = start;
                parts.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(DATA_SEED + from);
                    for (int i = from; i < Math.min(n, from + chunk); i++) {
                        float[] vector = dataVector(random, projection);
                        System.arraycopy(vector, 0, vectors.array(i), vectors.offset(i), dimensions);
                    }
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
        return vectors;
    }

    /**
     * Isotropic random (no projection), or a point of a K-dimensional Gaussian through a fixed random
     * projection plus isotropic noise of 20% of its norm, normalised: as PgVectorBenchmark's lowrankK.
     */
    private float[] dataVector(SplittableRandom random, float[][] projection) {
        if (projection == null) {
            return randomUnit(random, dimensions);
        }
        float[] vector = new float[dimensions];
        for (float[] row : projection) {
            float z = (float) random.nextGaussian();
            for (int i = 0; i < dimensions; i++) {
                vector[i] += z * row[i];
            }
        }
        double sigma = 0.2 * Math.sqrt(projection.length / (double) dimensions);
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            vector[i] += (float) (random.nextGaussian() * sigma);
            norm += (double) vector[i] * vector[i];
        }
        return normalise(vector, norm);
    }

    private static float[] randomUnit(SplittableRandom random, int dimensions) {
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            double x = random.nextGaussian();
            vector[i] = (float) x;
            norm += x * x;
        }
        return normalise(vector, norm);
    }

    private static float[] nearDuplicate(SplittableRandom random, float[] stored) {
        float[] vector = new float[stored.length];
        double sigma = NEAR_DUPLICATE_NOISE / Math.sqrt(stored.length);
        double norm = 0;
        for (int i = 0; i < stored.length; i++) {
            double x = stored[i] + random.nextGaussian() * sigma;
            vector[i] = (float) x;
            norm += x * x;
        }
        return normalise(vector, norm);
    }

    private static float[] normalise(float[] vector, double squaredNorm) {
        double inverse = 1 / Math.sqrt(squaredNorm);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] * inverse);
        }
        return vector;
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            best = Math.min(best, runtime.totalMemory() - runtime.freeMemory());
        }
        return best;
    }
}
