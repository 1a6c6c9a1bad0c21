package dev.geminisearch.bench;

import dev.geminisearch.store.vector.Reranker;
import dev.geminisearch.store.vector.VectorEncoding;
import dev.geminisearch.store.vector.VectorKernel;
import dev.geminisearch.store.vector.VectorKernels;
import dev.geminisearch.store.vector.VectorProperties;
import dev.geminisearch.store.vector.VectorRows;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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

/**
 * One exact scan over every vector, single-threaded, against the memory-bandwidth floor measured in
 * the same fork setup; and the compact layouts against float32 exact top-10. Run by
 * {@code bench/kernels.sh}, which prints the ratios; not a test.
 *
 * <p>Scans over raw blocks ({@code floor*}, {@code naive}, {@code scalar4}, {@code simd}) read the
 * same {@code float[]} blocks of 1024 rows as {@code VectorIndex}, and write one score per row. The
 * top-10 benchmarks run the whole path: {@link VectorRows#scan} into a score array, then
 * {@link Reranker#top} (which for int8 and shortlists re-scores {@code 10 x oversample} candidates on
 * the full vectors). Each invocation takes the next of 64 seeded queries.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class KernelBenchmark {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    /** The data, shaped {@code COUNTxDIMENSIONS}; queries rotate per invocation. */
    @State(Scope.Benchmark)
    public static class Shape {

        @Param({"100000x768", "20000x3072"})
        public String shape;

        KernelData data;
        int next;

        @Setup(Level.Trial)
        public void generate() {
            data = KernelData.of(shape);
        }

        float[] nextQuery() {
            float[] query = data.queries[next];
            next = (next + 1) % data.queries.length;
            return query;
        }
    }

    /** The vectors as raw blocks, for the floor and the kernels alone. */
    @State(Scope.Benchmark)
    public static class Blocks {

        float[][] blocks;
        float[] scores;
        int count;
        int dimensions;

        @Setup(Level.Trial)
        public void build(Shape shape) {
            blocks = shape.data.blocks();
            count = shape.data.count;
            dimensions = shape.data.dimensions;
            scores = new float[count];
        }
    }

    /** Rows in one layout, with a Reranker and a score array. */
    public abstract static class Layout {

        VectorRows rows;
        Reranker reranker;
        float[] scores;

        abstract VectorEncoding encoding();

        abstract int shortlist();

        void build(Shape shape) {
            VectorProperties settings = VectorProperties.defaults().withLayout(encoding(), shortlist());
            rows = shape.data.fill(VectorRows.create(shape.data.dimensions, settings));
            reranker = new Reranker(rows, settings.oversample());
            scores = new float[rows.size()];
            if (!rows.isExact()) {
                try (VectorRows exact = shape.data.fill(VectorRows.create(shape.data.dimensions, VectorProperties.defaults()))) {
                    double recall = KernelData.recall(exact, rows, settings.oversample(), shape.data.queries, 10);
                    System.out.printf(Locale.ROOT, "%nRECALL layout=%s shortlist=%d shape=%s oversample=%d recall@10=%.4f"
                                    + " heap=%d offheap=%d%n", encoding(), shortlist(), shape.shape, settings.oversample(),
                            recall, rows.memoryBytes(), rows.offHeapBytes());
                }
            }
            System.out.printf(Locale.ROOT, "%nMEMORY layout=%s shortlist=%d shape=%s heap=%d offheap=%d%n", encoding(),
                    shortlist(), shape.shape, rows.memoryBytes(), rows.offHeapBytes());
        }

        @TearDown(Level.Trial)
        public void close() {
            rows.close();
        }

        float topScore(float[] query) {
            rows.scan(query, scores);
            return reranker.top(query, scores, 10, null).scores()[0];
        }
    }

    @State(Scope.Benchmark)
    public static class Float32 extends Layout {
        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            build(shape);
        }

        @Override
        VectorEncoding encoding() {
            return VectorEncoding.FLOAT32;
        }

        @Override
        int shortlist() {
            return 0;
        }
    }

    @State(Scope.Benchmark)
    public static class Int8 extends Layout {
        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            build(shape);
        }

        @Override
        VectorEncoding encoding() {
            return VectorEncoding.INT8;
        }

        @Override
        int shortlist() {
            return 0;
        }
    }

    @State(Scope.Benchmark)
    public static class Shortlist256 extends Layout {
        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            build(shape);
        }

        @Override
        VectorEncoding encoding() {
            return VectorEncoding.FLOAT32;
        }

        @Override
        int shortlist() {
            return 256;
        }
    }

    @State(Scope.Benchmark)
    public static class Int8Shortlist256 extends Layout {
        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            build(shape);
        }

        @Override
        VectorEncoding encoding() {
            return VectorEncoding.INT8;
        }

        @Override
        int shortlist() {
            return 256;
        }
    }

    // ---- one pass over the raw blocks ----

    /** The floor: a plain sum of every float, 8 scalar accumulators so the adds never bind. */
    @Benchmark
    public float floorScalarSum(Blocks b) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int block = 0, first = 0; first < b.count; block++, first += VectorRows.ROWS_PER_BLOCK) {
            float[] values = b.blocks[block];
            int length = Math.min(VectorRows.ROWS_PER_BLOCK, b.count - first) * b.dimensions;
            int i = 0;
            for (; i + 8 <= length; i += 8) {
                s0 += values[i];
                s1 += values[i + 1];
                s2 += values[i + 2];
                s3 += values[i + 3];
                s4 += values[i + 4];
                s5 += values[i + 5];
                s6 += values[i + 6];
                s7 += values[i + 7];
            }
            for (; i < length; i++) {
                s0 += values[i];
            }
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * The floor again, summed with SIMD adds (4 vector accumulators), so that no compute limit is left:
     * on this machine the scalar sum above is compute-bound and slower than the SIMD dot product.
     */
    @Benchmark
    public float floorSimdSum(Blocks b) {
        float sum = 0;
        for (int block = 0, first = 0; first < b.count; block++, first += VectorRows.ROWS_PER_BLOCK) {
            sum += simdSum(b.blocks[block], Math.min(VectorRows.ROWS_PER_BLOCK, b.count - first) * b.dimensions);
        }
        return sum;
    }

    /** Kept apart so that the vector accumulators never live across the outer loop (C2 would box them). */
    private static float simdSum(float[] values, int length) {
        int lanes = FLOATS.length();
        FloatVector a0 = FloatVector.zero(FLOATS);
        FloatVector a1 = FloatVector.zero(FLOATS);
        FloatVector a2 = FloatVector.zero(FLOATS);
        FloatVector a3 = FloatVector.zero(FLOATS);
        int i = 0;
        for (; i + 4 * lanes <= length; i += 4 * lanes) {
            a0 = a0.add(FloatVector.fromArray(FLOATS, values, i));
            a1 = a1.add(FloatVector.fromArray(FLOATS, values, i + lanes));
            a2 = a2.add(FloatVector.fromArray(FLOATS, values, i + 2 * lanes));
            a3 = a3.add(FloatVector.fromArray(FLOATS, values, i + 3 * lanes));
        }
        float tail = 0;
        for (; i < length; i++) {
            tail += values[i];
        }
        return a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD) + tail;
    }

    /** The textbook loop: one accumulator per row, a dependent add per dimension. */
    @Benchmark
    public float naive(Shape shape, Blocks b) {
        float[] query = shape.nextQuery();
        int dims = b.dimensions;
        for (int block = 0, first = 0; first < b.count; block++, first += VectorRows.ROWS_PER_BLOCK) {
            float[] values = b.blocks[block];
            int inBlock = Math.min(VectorRows.ROWS_PER_BLOCK, b.count - first);
            for (int r = 0; r < inBlock; r++) {
                int offset = r * dims;
                float dot = 0;
                for (int i = 0; i < dims; i++) {
                    dot += query[i] * values[offset + i];
                }
                b.scores[first + r] = dot;
            }
        }
        return b.scores[b.count - 1];
    }

    /** The scalar kernel (4 accumulators): what the index ran before the SIMD kernel, and the fallback. */
    @Benchmark
    public float scalar4(Shape shape, Blocks b) {
        return scanBlocks(VectorKernels.scalar(), shape.nextQuery(), b);
    }

    /** The kernel this JVM selected (SIMD with the module), over the same blocks. */
    @Benchmark
    public float simd(Shape shape, Blocks b) {
        return scanBlocks(VectorKernels.preferred(), shape.nextQuery(), b);
    }

    private static float scanBlocks(VectorKernel kernel, float[] query, Blocks b) {
        int dims = b.dimensions;
        for (int block = 0, first = 0; first < b.count; block++, first += VectorRows.ROWS_PER_BLOCK) {
            float[] values = b.blocks[block];
            int inBlock = Math.min(VectorRows.ROWS_PER_BLOCK, b.count - first);
            for (int r = 0, offset = 0; r < inBlock; r++, offset += dims) {
                b.scores[first + r] = kernel.dot(query, values, offset, dims);
            }
        }
        return b.scores[b.count - 1];
    }

    // ---- top-10 through VectorRows and Reranker ----

    @Benchmark
    public float float32ExactTop10(Shape shape, Float32 layout) {
        return layout.topScore(shape.nextQuery());
    }

    @Benchmark
    public float int8RescoredTop10(Shape shape, Int8 layout) {
        return layout.topScore(shape.nextQuery());
    }

    @Benchmark
    public float shortlist256Top10(Shape shape, Shortlist256 layout) {
        return layout.topScore(shape.nextQuery());
    }

    @Benchmark
    public float int8Shortlist256Top10(Shape shape, Int8Shortlist256 layout) {
        return layout.topScore(shape.nextQuery());
    }
}
