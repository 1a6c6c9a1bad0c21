package dev.geminisearch.bench;

import dev.geminisearch.store.vector.QueryBatcher;
import dev.geminisearch.store.vector.VectorProperties;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The ratios of {@link KernelBenchmark} and {@link BatchBenchmark} once more, interleaved: every
 * round runs each contender once (single-thread ops) or for one slice (concurrent searches), in
 * rotating order, so that all of them see the same machine load; medians over the rounds. On a
 * shared machine, separate JMH forks minutes apart can see very different load; this cross-check
 * cannot. Single-thread ops are also timed in thread CPU time, which leaves out time the thread
 * waited for a core (not time it waited for memory). Not a test; run by {@code bench/kernels.sh}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx3g -cp ... dev.geminisearch.bench.KernelRatios SHAPE [ROUNDS=30]
 * </pre>
 *
 * <p>Output: Markdown table rows (ratio by wall time, ratio by CPU time, target, metric, values).
 */
public final class KernelRatios {

    private static final int WARMUP_ROUNDS = 8;
    private static final long SLICE_NANOS = 700_000_000L;
    private static final int BATCH_ROUNDS = 5;
    private static final int CALLERS = 8;

    private static volatile float sink;

    private KernelRatios() {
    }

    public static void main(String[] args) throws Exception {
        String shape = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        KernelBenchmark bench = new KernelBenchmark();
        KernelBenchmark.Shape data = new KernelBenchmark.Shape();
        data.shape = shape;
        data.generate();
        KernelBenchmark.Blocks blocks = new KernelBenchmark.Blocks();
        blocks.build(data);
        KernelBenchmark.Float32 float32 = new KernelBenchmark.Float32();
        float32.setUp(data);
        KernelBenchmark.Int8 int8 = new KernelBenchmark.Int8();
        int8.setUp(data);
        KernelBenchmark.Shortlist256 shortlist = new KernelBenchmark.Shortlist256();
        shortlist.setUp(data);
        KernelBenchmark.Int8Shortlist256 int8Shortlist = new KernelBenchmark.Int8Shortlist256();
        int8Shortlist.setUp(data);

        Map<String, Supplier<Float>> ops = new LinkedHashMap<>();
        ops.put("floor", () -> bench.floorSimdSum(blocks));
        ops.put("floorScalar", () -> bench.floorScalarSum(blocks));
        ops.put("naive", () -> bench.naive(data, blocks));
        ops.put("scalar4", () -> bench.scalar4(data, blocks));
        ops.put("simd", () -> bench.simd(data, blocks));
        ops.put("float32", () -> bench.float32ExactTop10(data, float32));
        ops.put("int8", () -> bench.int8RescoredTop10(data, int8));
        ops.put("shortlist", () -> bench.shortlist256Top10(data, shortlist));
        ops.put("int8Shortlist", () -> bench.int8Shortlist256Top10(data, int8Shortlist));
        List<String> names = new ArrayList<>(ops.keySet());
        Map<String, long[]> wall = new LinkedHashMap<>();
        Map<String, long[]> cpu = new LinkedHashMap<>();
        names.forEach(name -> {
            wall.put(name, new long[rounds]);
            cpu.put(name, new long[rounds]);
        });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                // rotate the order so that no contender always runs right after the same one
                String name = names.get(Math.floorMod(i + round, names.size()));
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                sink += ops.get(name).get();
                long w1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                if (round >= 0) {
                    wall.get(name)[round] = w1 - w0;
                    cpu.get(name)[round] = c1 - c0;
                }
            }
        }
        float32.close();
        int8.close();
        shortlist.close();
        int8Shortlist.close();

        row(shape + ": SIMD scan / memory floor (SIMD sum of the same floats)", "<= 1.25", "simd", "floor", wall, cpu);
        row(shape + ": SIMD scan / scalar-sum floor (reference)", "", "simd", "floorScalar", wall, cpu);
        row(shape + ": naive loop / SIMD scan (SIMD is this many times faster)", ">= 2.5", "naive", "simd", wall, cpu);
        row(shape + ": 4-accumulator scalar / SIMD scan", "", "scalar4", "simd", wall, cpu);
        row(shape + ": float32 exact top-10 / int8 + re-score top-10", ">= 3", "float32", "int8", wall, cpu);
        row(shape + ": float32 exact top-10 / shortlist 256 + re-rank", "", "float32", "shortlist", wall, cpu);
        row(shape + ": float32 exact top-10 / int8 shortlist 256 + re-rank", "", "float32", "int8Shortlist", wall, cpu);

        batches(shape);
        System.out.println("RATIOS_DONE " + (sink == 42 ? "" : shape));
    }

    /** Throughput of 8 callers unbatched, batched (1 and 2 passes) and of 1 caller, in interleaved slices. */
    private static void batches(String shape) throws InterruptedException {
        BatchBenchmark.Shared shared = new BatchBenchmark.Shared();
        shared.shape = shape;
        shared.build();
        QueryBatcher onePass = new QueryBatcher(shared.rows, VectorProperties.defaults().maxBatch(), 1);
        QueryBatcher twoPasses = new QueryBatcher(shared.rows, VectorProperties.defaults().maxBatch(), 2);
        String[] modes = {"unbatched8", "batched8x1", "batched8x2", "single"};
        Map<String, double[]> perSecond = new LinkedHashMap<>();
        Map<String, double[]> perCpuSecond = new LinkedHashMap<>();
        for (String mode : modes) {
            perSecond.put(mode, new double[BATCH_ROUNDS]);
            perCpuSecond.put(mode, new double[BATCH_ROUNDS]);
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = -1; round < BATCH_ROUNDS; round++) {
            for (int i = 0; i < modes.length; i++) {
                String mode = modes[Math.floorMod(i + round, modes.length)];
                QueryBatcher batcher = mode.equals("batched8x1") ? onePass : mode.equals("batched8x2") ? twoPasses : null;
                int callers = mode.equals("single") ? 1 : CALLERS;
                AtomicLong done = new AtomicLong();
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> running = new ArrayList<>();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                for (int c = 0; c < callers; c++) {
                    BatchBenchmark.Caller caller = new BatchBenchmark.Caller();
                    caller.build(shared);
                    Thread thread = new Thread(() -> {
                        while (!stop.get()) {
                            float[] query = caller.nextQuery(shared);
                            if (batcher == null) {
                                shared.rows.scan(query, caller.scores);
                            } else {
                                batcher.search(query, caller.scores);
                            }
                            sink += shared.reranker.top(query, caller.scores, 10, null).scores()[0];
                            done.incrementAndGet();
                        }
                    });
                    running.add(thread);
                    thread.start();
                }
                Thread.sleep(SLICE_NANOS / 1_000_000);
                stop.set(true);
                for (Thread thread : running) {
                    thread.join();
                }
                long elapsed = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                if (round >= 0) {
                    perSecond.get(mode)[round] = done.get() / (elapsed / 1e9);
                    perCpuSecond.get(mode)[round] = done.get() / (cpu / 1e9);
                }
            }
        }
        shared.close();
        throughputRow(shape + ": 8 concurrent searches, batched (1 pass at a time) / unbatched, throughput", ">= 2.5",
                "batched8x1", "unbatched8", perSecond, perCpuSecond);
        throughputRow(shape + ": 8 concurrent searches, batched (2 passes at a time) / unbatched, throughput", "",
                "batched8x2", "unbatched8", perSecond, perCpuSecond);
        throughputRow(shape + ": 8 concurrent unbatched / 1 search, throughput", "", "unbatched8", "single", perSecond,
                perCpuSecond);
    }

    private static void row(String what, String target, String num, String den, Map<String, long[]> wall,
                            Map<String, long[]> cpu) {
        double nw = median(wall.get(num)) / 1e6;
        double dw = median(wall.get(den)) / 1e6;
        double nc = median(cpu.get(num)) / 1e6;
        double dc = median(cpu.get(den)) / 1e6;
        System.out.printf(Locale.ROOT, "| %.2fx | %.2fx | %s | %s | %s: %.2f ms wall, %.2f ms CPU | %s: %.2f ms wall, %.2f ms CPU |%n",
                nw / dw, nc / dc, target, what, num, nw, nc, den, dw, dc);
    }

    private static void throughputRow(String what, String target, String num, String den, Map<String, double[]> perSecond,
                                      Map<String, double[]> perCpuSecond) {
        double n = median(perSecond.get(num));
        double d = median(perSecond.get(den));
        double nc = median(perCpuSecond.get(num));
        double dc = median(perCpuSecond.get(den));
        System.out.printf(Locale.ROOT, "| %.2fx | %.2fx | %s | %s | %s: %.1f searches/s (%.1f per CPU-second) | %s: %.1f searches/s (%.1f per CPU-second) |%n",
                n / d, nc / dc, target, what, num, n, nc, den, d, dc);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }
}
