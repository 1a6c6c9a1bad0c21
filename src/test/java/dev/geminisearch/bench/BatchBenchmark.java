package dev.geminisearch.bench;

import dev.geminisearch.store.vector.QueryBatcher;
import dev.geminisearch.store.vector.Reranker;
import dev.geminisearch.store.vector.VectorProperties;
import dev.geminisearch.store.vector.VectorRows;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Search throughput (exact float32 top-10: scan, then top-k on the caller's thread) with one caller,
 * and with 8 concurrent callers each scanning on its own or sharing passes through
 * {@link QueryBatcher}. Run by {@code bench/kernels.sh}, which prints the ratios; not a test.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class BatchBenchmark {

    @State(Scope.Benchmark)
    public static class Shared {

        @Param({"100000x768", "20000x3072"})
        public String shape;

        KernelData data;
        VectorRows rows;
        Reranker reranker;
        final AtomicInteger callers = new AtomicInteger();

        @Setup(Level.Trial)
        public void build() {
            data = KernelData.of(shape);
            rows = data.fill(VectorRows.create(data.dimensions, VectorProperties.defaults()));
            reranker = new Reranker(rows, 1);
        }

        @TearDown(Level.Trial)
        public void close() {
            rows.close();
        }
    }

    /** The batcher, with how many passes may run at once (1, the default, or one per core of this machine). */
    @State(Scope.Benchmark)
    public static class Batching {

        @Param({"1", "2"})
        public int passes;

        QueryBatcher batcher;

        @Setup(Level.Trial)
        public void build(Shared shared) {
            batcher = new QueryBatcher(shared.rows, VectorProperties.defaults().maxBatch(), passes);
        }
    }

    /** One caller: its own score array and its own turn through the seeded queries. */
    @State(Scope.Thread)
    public static class Caller {

        float[] scores;
        int next;

        @Setup(Level.Trial)
        public void build(Shared shared) {
            scores = new float[shared.rows.size()];
            next = shared.callers.getAndIncrement() * 7;
        }

        float[] nextQuery(Shared shared) {
            float[] query = shared.data.queries[next % shared.data.queries.length];
            next++;
            return query;
        }
    }

    @Benchmark
    @Threads(1)
    public float single(Shared shared, Caller caller) {
        return alone(shared, caller);
    }

    @Benchmark
    @Threads(8)
    public float unbatched8(Shared shared, Caller caller) {
        return alone(shared, caller);
    }

    @Benchmark
    @Threads(8)
    public float batched8(Shared shared, Batching batching, Caller caller) {
        float[] query = caller.nextQuery(shared);
        batching.batcher.search(query, caller.scores);
        return shared.reranker.top(query, caller.scores, 10, null).scores()[0];
    }

    private static float alone(Shared shared, Caller caller) {
        float[] query = caller.nextQuery(shared);
        shared.rows.scan(query, caller.scores);
        return shared.reranker.top(query, caller.scores, 10, null).scores()[0];
    }
}
