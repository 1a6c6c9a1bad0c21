package dev.geminisearch.store.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.NeighborArray;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An approximate nearest-neighbour index over unit vectors (similarity = dot product = cosine): a
 * Hierarchical Navigable Small World graph, built and searched with Lucene's
 * {@code org.apache.lucene.util.hnsw} classes over the caller's vectors ({@link HnswVectors}), scored
 * through a pluggable {@link HnswDotProduct}.
 *
 * <p><b>Node ids</b> are the caller's, stable and independent of where the vectors sit: any
 * {@code int >= 0}. Internally the graph numbers its nodes densely (ordinals) in the order they were
 * added; a map translates. The graph itself stores no vectors, only neighbour lists (about
 * {@code 2m} ints and floats per node).
 *
 * <p><b>Deletes</b> are tombstones: {@link #remove(int)} copies the node's vector into the index
 * (so the caller may drop it) and keeps the node in the graph as a waypoint that searches walk
 * through but never return. When removed nodes are more than {@link Options#maxDeletedFraction()}
 * of the graph, the graph is rebuilt from the live nodes (see {@link #compact()}).
 *
 * <p><b>Thread safety.</b> Any number of threads may {@link #search} at once. Writes
 * ({@link #add}, {@link #remove}, {@link #compact}, {@link #save}) may come from any thread; they
 * are serialised by the index (one writer at a time). A search sees each write entirely or not at
 * all: {@code add} and {@code remove} hold the index's write lock for their whole duration (for an
 * {@code add} about the cost of one search at {@code efConstruction}), so searches wait that long;
 * {@code compact} builds the new graph while searches go on with the old one and holds the write
 * lock only to swap them; {@code save} only keeps writers out. A write waits for running searches.
 */
public final class HnswIndex {

    /**
     * How the index builds its graph.
     *
     * @param m                  neighbours per node and upper layer (2m on the bottom layer), 2 or more
     * @param efConstruction     candidates considered when linking a node, 1 or more
     * @param maxDeletedFraction removed nodes may be up to this fraction of the graph before it is rebuilt,
     *                           above 0 and at most 1 (1 = only on an explicit {@link #compact()})
     * @param buildThreads       threads for a bulk build or rebuild, 1 or more
     * @param seed               seed of the random layer assignment
     */
    public record Options(int m, int efConstruction, double maxDeletedFraction, int buildThreads, long seed) {

        public Options {
            if (m < 2) {
                throw new IllegalArgumentException("m must be at least 2, was " + m);
            }
            if (efConstruction < 1) {
                throw new IllegalArgumentException("efConstruction must be at least 1, was " + efConstruction);
            }
            if (!(maxDeletedFraction > 0 && maxDeletedFraction <= 1)) {
                throw new IllegalArgumentException("maxDeletedFraction must be in (0, 1], was " + maxDeletedFraction);
            }
            if (buildThreads < 1) {
                throw new IllegalArgumentException("buildThreads must be at least 1, was " + buildThreads);
            }
        }

        /** The options the configuration asks for, with a fixed seed. */
        public static Options of(HnswProperties properties) {
            return new Options(properties.m(), properties.efConstruction(), properties.maxDeletedFraction(),
                    properties.effectiveBuildThreads(), DEFAULT_SEED);
        }

        /** The same options with another number of build threads. */
        public Options withBuildThreads(int threads) {
            return new Options(m, efConstruction, maxDeletedFraction, threads, seed);
        }
    }

    /**
     * A saved index read back, with the checkpoint it was saved at: the caller replays its writes
     * after that checkpoint into the index.
     */
    public record Loaded(HnswIndex index, HnswCheckpoint checkpoint) {
    }

    private static final long DEFAULT_SEED = 42L;

    /** Below this many nodes a bulk build runs on the calling thread: threads would not pay off. */
    private static final int PARALLEL_BUILD_MIN_NODES = 4096;

    private static final Logger log = LoggerFactory.getLogger(HnswIndex.class);

    private final HnswVectors vectors;
    private final HnswDotProduct kernel;
    private final Options options;
    private final int dimensions;

    /** Searches hold the read side, writes the write side while they change {@link #state}. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Serialises writers; only they change the state, so they may read it without {@link #lock}. */
    private final ReentrantLock writer = new ReentrantLock();

    /** Guarded by {@link #lock}; replaced (not changed) by a rebuild. */
    private State state;

    private HnswIndex(HnswVectors vectors, HnswDotProduct kernel, Options options) {
        this.vectors = Objects.requireNonNull(vectors, "vectors");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.options = Objects.requireNonNull(options, "options");
        this.dimensions = vectors.dimensions();
        if (dimensions < 1) {
            throw new IllegalArgumentException("vectors must have at least one dimension, had " + dimensions);
        }
    }

    /** An empty index over these vectors; nodes come in with {@link #add(int)}. */
    public static HnswIndex create(HnswVectors vectors, HnswDotProduct kernel, Options options) {
        HnswIndex index = new HnswIndex(vectors, kernel, options);
        index.state = index.newState(0, options.m());
        return index;
    }

    /**
     * An index of these nodes, built with {@link Options#buildThreads()} threads (a bulk build is
     * faster than {@link #add(int)} one by one on more than one core). The vectors of all the nodes
     * must be readable from {@code vectors} until this returns.
     *
     * @throws IllegalArgumentException for a negative or repeated node id
     */
    public static HnswIndex build(HnswVectors vectors, HnswDotProduct kernel, Options options, int[] nodes) {
        HnswIndex index = new HnswIndex(vectors, kernel, options);
        index.state = index.buildState(nodes.clone());
        return index;
    }

    /**
     * Reads an index saved by {@link #save}. The vectors of the nodes it holds are read from
     * {@code vectors}, which must therefore be at (at least) the saved checkpoint; the caller then
     * replays its writes after {@link Loaded#checkpoint()}. The graph keeps the {@code m} it was
     * built with; {@code options} gives the rest.
     *
     * @throws HnswUnusableFileException when the file is truncated, corrupt, of another format version
     *                                   or for other dimensions: build anew
     * @throws IOException               when the file cannot be read
     */
    public static Loaded load(Path file, HnswVectors vectors, HnswDotProduct kernel, Options options) throws IOException {
        HnswIndex[] made = new HnswIndex[1];
        HnswCheckpoint checkpoint = HnswFile.read(file, vectors.dimensions(), header -> {
            Options loaded = new Options(header.m(), options.efConstruction(), options.maxDeletedFraction(),
                    options.buildThreads(), options.seed());
            HnswIndex index = new HnswIndex(vectors, kernel, loaded);
            made[0] = index;
            return index.newState(header.ordinals(), header.m());
        }, (state, retired) -> made[0].finishLoad((State) state, retired));
        return new Loaded(made[0], checkpoint);
    }

    /** Vector length. */
    public int dimensions() {
        return dimensions;
    }

    /** The options the index builds with (for a loaded index, {@code m} is the saved graph's). */
    public Options options() {
        return options;
    }

    /**
     * Adds a node, whose vector {@link HnswVectors} must already give.
     *
     * @throws IllegalArgumentException for a negative id, or a node the index already holds (remove it
     *                                  first to change its vector)
     */
    public void add(int node) {
        if (node < 0) {
            throw new IllegalArgumentException("node must not be negative, was " + node);
        }
        writer.lock();
        try {
            State current = state;
            if (current.ordinals.get(node) >= 0) {
                throw new IllegalArgumentException("the index already holds node " + node + "; remove it first");
            }
            Lock write = lock.writeLock();
            write.lock();
            try {
                current.append(node);
                current.builder.addGraphNode(current.size - 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // our scorers do no I/O
            } finally {
                write.unlock();
            }
        } finally {
            writer.unlock();
        }
    }

    /**
     * Removes a node: searches no longer return it. Its vector is copied into the index first (the
     * node stays in the graph as a waypoint), so the caller may drop the vector once this returns.
     * When removed nodes then exceed {@link Options#maxDeletedFraction()} of the graph, the graph is
     * rebuilt before this returns (see {@link #compact()}).
     *
     * @return whether the index held the node
     */
    public boolean remove(int node) {
        writer.lock();
        try {
            State current = state;
            int ordinal = node < 0 ? -1 : current.ordinals.get(node);
            if (ordinal < 0) {
                return false;
            }
            float[] copy = new float[dimensions];
            System.arraycopy(vectors.array(node), vectors.offset(node), copy, 0, dimensions);
            Lock write = lock.writeLock();
            write.lock();
            try {
                current.retire(ordinal, copy);
            } finally {
                write.unlock();
            }
            if (current.retiredCount > options.maxDeletedFraction() * current.size) {
                rebuild();
            }
            return true;
        } finally {
            writer.unlock();
        }
    }

    /**
     * Rebuilds the graph from the live nodes, dropping removed ones and their vector copies. Searches
     * go on with the old graph meanwhile; writers wait. Costs about a bulk {@link #build} of
     * {@link #size()} nodes.
     */
    public void compact() {
        writer.lock();
        try {
            rebuild();
        } finally {
            writer.unlock();
        }
    }

    /**
     * The (at most) {@code k} live nodes nearest the query that {@code accept} lets through, best
     * first, found by a beam search that keeps {@code max(k, ef)} candidates: approximate, but each
     * returned score is exact. Same as {@link #search(float[], int, int, IntPredicate, long)} without a
     * limit on the vectors scored.
     */
    public HnswResult search(float[] query, int k, int ef, IntPredicate accept) {
        return search(query, k, ef, accept, Long.MAX_VALUE);
    }

    /**
     * The (at most) {@code k} live nodes nearest the query that {@code accept} lets through, best
     * first, found by a beam search that keeps {@code max(k, ef)} candidates: approximate, but each
     * returned score is exact.
     *
     * <p>A filter is applied while walking: the search goes through rejected nodes but collects only
     * accepted ones, so a restrictive filter makes it score many more vectors. {@code visitLimit} caps
     * that: a search that reaches it stops and says so ({@link HnswResult#complete()} false, with
     * what it found so far), and the caller should scan exactly instead, which then costs less than
     * the graph walk would have.
     *
     * @param query      a vector of {@link #dimensions()} floats (not copied, not changed)
     * @param k          how many hits at most, 1 or more
     * @param ef         candidates the search keeps, raised to {@code k}; more finds more of the true
     *                   top k, more slowly
     * @param accept     which node ids may be returned, or null for all; called on the searching
     *                   thread for the nodes the search meets (not for all nodes)
     * @param visitLimit the most vectors to score, 1 or more ({@code Long.MAX_VALUE} for no limit)
     * @throws IllegalArgumentException for a query of the wrong length, {@code k < 1} or {@code visitLimit < 1}
     */
    public HnswResult search(float[] query, int k, int ef, IntPredicate accept, long visitLimit) {
        Objects.requireNonNull(query, "query");
        if (query.length != dimensions) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, expected " + dimensions);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        if (visitLimit < 1) {
            throw new IllegalArgumentException("visitLimit must be at least 1, was " + visitLimit);
        }
        int candidates = Math.max(k, ef);
        Lock read = lock.readLock();
        read.lock();
        try {
            State current = state;
            if (current.live() == 0) {
                return new HnswResult(List.of(), 0, true);
            }
            Bits acceptOrdinals = current.retiredCount == 0 && accept == null ? null : current.accepting(accept);
            KnnCollector collector = HnswGraphSearcher.search(current.scorer(query), candidates, current.graph,
                    acceptOrdinals, (int) Math.min(Integer.MAX_VALUE, visitLimit));
            ScoreDoc[] found = collector.topDocs().scoreDocs;
            HnswHit[] hits = new HnswHit[found.length];
            for (int i = 0; i < found.length; i++) {
                hits[i] = new HnswHit(current.nodes[found[i].doc], found[i].score);
            }
            Arrays.sort(hits, (a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score())
                    : Integer.compare(a.node(), b.node()));
            return new HnswResult(Arrays.asList(hits).subList(0, Math.min(k, hits.length)), collector.visitedCount(),
                    !collector.earlyTerminated());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // our scorers do no I/O
        } finally {
            read.unlock();
        }
    }

    /** Whether the index holds this node (added and not removed since). */
    public boolean contains(int node) {
        Lock read = lock.readLock();
        read.lock();
        try {
            return node >= 0 && state.ordinals.get(node) >= 0;
        } finally {
            read.unlock();
        }
    }

    /** Live nodes: added and not removed. */
    public int size() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return state.live();
        } finally {
            read.unlock();
        }
    }

    /** Removed nodes still in the graph as waypoints (until the next rebuild). */
    public int deletedCount() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return state.retiredCount;
        } finally {
            read.unlock();
        }
    }

    /**
     * The fraction of the live nodes that {@code accept} lets through, estimated from {@code samples}
     * nodes drawn at random (seeded, so the same state gives the same estimate; random rather than
     * evenly spaced so that a filter periodic in node ids cannot alias with the spacing): what
     * {@link HnswPolicy} needs to choose between this index and an exact scan. Removed nodes drawn are
     * skipped. 1 for an empty index. With 500 samples the estimate is within about +-0.045 of a
     * selectivity of 0.5 (two standard errors), +-0.027 of 0.1.
     */
    public double estimateSelectivity(IntPredicate accept, int samples) {
        Objects.requireNonNull(accept, "accept");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, was " + samples);
        }
        Lock read = lock.readLock();
        read.lock();
        try {
            State current = state;
            if (current.live() == 0) {
                return 1.0;
            }
            SplittableRandom random = new SplittableRandom(options.seed());
            int tested = 0;
            int passed = 0;
            for (int draw = 0; draw < samples; draw++) {
                int node = current.nodes[random.nextInt(current.size)];
                if (node >= 0) {
                    tested++;
                    passed += accept.test(node) ? 1 : 0;
                }
            }
            return tested == 0 ? 1.0 : passed / (double) tested;
        } finally {
            read.unlock();
        }
    }

    /**
     * Heap bytes the index holds: the graph's neighbour lists (Lucene's estimate), the id maps and
     * the copies of removed nodes' vectors; not the live vectors, which the caller's
     * {@link HnswVectors} hold.
     */
    public long memoryBytes() {
        Lock read = lock.readLock();
        read.lock();
        try {
            State current = state;
            return current.graph.ramBytesUsed() + 16L + 4L * current.nodes.length + current.ordinals.memoryBytes()
                    + current.retired.memoryBytes();
        } finally {
            read.unlock();
        }
    }

    /**
     * Writes the index to {@code file} so that {@link #load} can read it back instead of building it:
     * the neighbour lists, the node ids, the copies of removed nodes' vectors (the live vectors are the
     * caller's), and {@code checkpoint}, which the caller takes while its own writes are held off so
     * that it says exactly which of them the saved index reflects. Atomic: a sibling temp file,
     * fsynced, renamed over {@code file}, then the directory fsynced; a crash leaves the old file or
     * the new one. Writers wait meanwhile; searches go on.
     *
     * @throws IOException when the file cannot be written; {@code file} is then unchanged
     */
    public void save(Path file, HnswCheckpoint checkpoint) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(checkpoint, "checkpoint");
        writer.lock();
        try {
            State current = state;
            HnswFile.write(file, new HnswFile.Header(dimensions, options.m(), options.efConstruction(), current.size,
                    current.retiredCount, checkpoint), current.graph, current.nodes, current.retired);
        } finally {
            writer.unlock();
        }
    }

    @Override
    public String toString() {
        Lock read = lock.readLock();
        read.lock();
        try {
            return "HnswIndex[dimensions=" + dimensions + ", live=" + state.live() + ", deleted=" + state.retiredCount
                    + ", m=" + options.m() + ", efConstruction=" + options.efConstruction() + "]";
        } finally {
            read.unlock();
        }
    }

    // ---- building ----

    /** Must hold {@link #writer}. */
    private void rebuild() {
        State old = state;
        int[] live = new int[old.live()];
        int count = 0;
        for (int ordinal = 0; ordinal < old.size; ordinal++) {
            if (old.nodes[ordinal] >= 0) {
                live[count++] = old.nodes[ordinal];
            }
        }
        long start = System.nanoTime();
        State fresh = buildState(live);
        Lock write = lock.writeLock();
        write.lock();
        try {
            state = fresh;
        } finally {
            write.unlock();
        }
        log.info("rebuilt the HNSW graph: {} live nodes, {} deleted dropped, {} ms", live.length, old.retiredCount,
                (System.nanoTime() - start) / 1_000_000);
    }

    private State buildState(int[] nodes) {
        State built = newState(nodes.length, options.m());
        for (int node : nodes) {
            if (node < 0) {
                throw new IllegalArgumentException("node must not be negative, was " + node);
            }
            if (built.ordinals.get(node) >= 0) {
                throw new IllegalArgumentException("node " + node + " is listed twice");
            }
            built.append(node);
        }
        try {
            int threads = Math.min(options.buildThreads(), Math.max(1, nodes.length / PARALLEL_BUILD_MIN_NODES));
            if (threads <= 1) {
                for (int ordinal = 0; ordinal < nodes.length; ordinal++) {
                    built.builder.addGraphNode(ordinal);
                }
            } else {
                buildConcurrently(built, threads);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // our scorers do no I/O
        }
        return built;
    }

    /**
     * Lucene's concurrent builder needs a graph of fixed size, which cannot grow afterwards, so the
     * result is copied into a growable one (neighbour lists only: cheap next to building).
     */
    private void buildConcurrently(State built, int threads) throws IOException {
        OnHeapHnswGraph fixed = HnswGraphBuilder.create(built, options.m(), options.efConstruction(), options.seed(),
                built.size).getGraph();
        ExecutorService pool = Executors.newFixedThreadPool(threads, buildThreadFactory());
        try {
            new HnswConcurrentMergeBuilder(new TaskExecutor(pool), threads, built, options.m(), options.efConstruction(),
                    fixed, null).build(built.size);
        } finally {
            pool.shutdown();
        }
        int[] topLevels = topLevels(fixed, built.size);
        for (int ordinal = 0; ordinal < built.size; ordinal++) {
            for (int level = topLevels[ordinal]; level >= 0; level--) {
                built.graph.addNode(level, ordinal);
                copyNeighbours(fixed.getNeighbors(level, ordinal), built.graph.getNeighbors(level, ordinal));
            }
        }
        built.graph.trySetNewEntryNode(fixed.entryNode(), fixed.numLevels() - 1);
    }

    private static ThreadFactory buildThreadFactory() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "hnsw-build-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The top layer of every node of a complete graph. */
    static int[] topLevels(OnHeapHnswGraph graph, int size) {
        int[] top = new int[size];
        if (size == 0) {
            return top;
        }
        for (int level = 1; level < graph.numLevels(); level++) {
            HnswGraph.NodesIterator nodes = graph.getNodesOnLevel(level);
            while (nodes.hasNext()) {
                top[nodes.nextInt()] = level;
            }
        }
        return top;
    }

    /**
     * Copies a neighbour list with its scores. A list sorted best first is added as sorted (so Lucene
     * does not recheck it for diversity); any other as unsorted, which Lucene sorts when it next needs to.
     */
    static void copyNeighbours(NeighborArray from, NeighborArray to) {
        int count = from.size();
        int[] nodes = from.nodes();
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) {
            sorted = from.getScores(i - 1) >= from.getScores(i);
        }
        for (int i = 0; i < count; i++) {
            if (sorted) {
                to.addInOrder(nodes[i], from.getScores(i));
            } else {
                to.addOutOfOrder(nodes[i], from.getScores(i));
            }
        }
    }

    /** An empty state with room for {@code capacity} ordinals and a graph of this {@code m}. */
    private State newState(int capacity, int m) {
        try {
            return new State(capacity, m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Completes a state {@link HnswFile#read} filled. */
    private void finishLoad(State loaded, HnswFloatVectors retired) {
        loaded.retired = retired;
        for (int ordinal = 0; ordinal < loaded.size; ordinal++) {
            int node = loaded.nodes[ordinal];
            if (node >= 0) {
                loaded.ordinals.put(node, ordinal);
            } else {
                loaded.retiredCount++;
            }
        }
        state = loaded;
    }

    /**
     * One graph with its node ids: ordinal {@code o} is node {@code nodes[o]} when that is 0 or more,
     * else a removed node whose vector copy is row {@code -1 - nodes[o]} of {@link #retired}. Changed
     * only by the writer, under the write lock once searches can see it. It is the graph's
     * {@link RandomVectorScorerSupplier}: Lucene asks it for a scorer per node it links.
     */
    final class State implements RandomVectorScorerSupplier, HnswFile.GraphState {

        final OnHeapHnswGraph graph;
        final Builder builder;
        final NodeOrdinals ordinals = new NodeOrdinals();
        int[] nodes;
        int size;
        HnswFloatVectors retired = new HnswFloatVectors(dimensions);
        int retiredCount;

        State(int capacity, int m) throws IOException {
            nodes = new int[Math.max(16, capacity)];
            graph = HnswGraphBuilder.create(this, m, options.efConstruction(), options.seed()).getGraph();
            // A new seed per graph size, so that nodes added after a load or rebuild do not repeat
            // the layer sequence of the first ones.
            builder = new Builder(this, m, options.efConstruction(), options.seed() ^ (31L * capacity + 17), graph);
        }

        @Override
        public OnHeapHnswGraph graph() {
            return graph;
        }

        @Override
        public int[] nodes() {
            return nodes;
        }

        @Override
        public void setSize(int size) {
            if (size > nodes.length) {
                nodes = Arrays.copyOf(nodes, size);
            }
            this.size = size;
        }

        int live() {
            return size - retiredCount;
        }

        void append(int node) {
            if (size == nodes.length) {
                nodes = Arrays.copyOf(nodes, nodes.length + (nodes.length >> 1) + 16);
            }
            nodes[size] = node;
            ordinals.put(node, size);
            size++;
        }

        void retire(int ordinal, float[] vector) {
            int row = retiredCount;
            retired.put(row, vector);
            ordinals.remove(nodes[ordinal]);
            nodes[ordinal] = -1 - row;
            retiredCount++;
        }

        Bits accepting(IntPredicate accept) {
            int[] ids = nodes;
            int length = size;
            return new Bits() {
                @Override
                public boolean get(int ordinal) {
                    int node = ids[ordinal];
                    return node >= 0 && (accept == null || accept.test(node));
                }

                @Override
                public int length() {
                    return length;
                }
            };
        }

        RandomVectorScorer scorer(float[] query) {
            return new Scorer(query);
        }

        /** For building: scores the other nodes against this one's vector, copied once. */
        @Override
        public RandomVectorScorer scorer(int ordinal) {
            float[] query = new float[dimensions];
            System.arraycopy(array(ordinal), offset(ordinal), query, 0, dimensions);
            return new Scorer(query);
        }

        /** Stateless, so every build thread can share it. */
        @Override
        public RandomVectorScorerSupplier copy() {
            return this;
        }

        private float[] array(int ordinal) {
            int node = nodes[ordinal];
            return node >= 0 ? vectors.array(node) : retired.array(-1 - node);
        }

        private int offset(int ordinal) {
            int node = nodes[ordinal];
            return node >= 0 ? vectors.offset(node) : retired.offset(-1 - node);
        }

        private final class Scorer implements RandomVectorScorer {

            private final float[] query;

            Scorer(float[] query) {
                this.query = query;
            }

            @Override
            public float score(int ordinal) {
                int node = nodes[ordinal];
                if (node >= 0) {
                    return kernel.dot(query, vectors.array(node), vectors.offset(node), dimensions);
                }
                return kernel.dot(query, retired.array(-1 - node), retired.offset(-1 - node), dimensions);
            }

            @Override
            public int maxOrd() {
                return size;
            }
        }
    }

    /** Lucene's builder on a graph of our choosing (its constructor for that is protected). */
    static final class Builder extends HnswGraphBuilder {

        Builder(RandomVectorScorerSupplier scorers, int m, int beamWidth, long seed, OnHeapHnswGraph graph)
                throws IOException {
            super(scorers, m, beamWidth, seed, graph);
        }
    }

    /**
     * Node id to ordinal, for live nodes: open addressing with linear probing over two int arrays
     * (no boxing; a million nodes take ~16 MB instead of ~60 MB in a {@code HashMap}).
     */
    static final class NodeOrdinals {

        private static final int FREE = -1;

        private int[] keys = filled(16);
        private int[] values = new int[16];
        private int count;

        private static int[] filled(int length) {
            int[] array = new int[length];
            Arrays.fill(array, FREE);
            return array;
        }

        private static int slot(int key, int mask) {
            int h = key * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }

        /** The ordinal of the node, or -1. */
        int get(int node) {
            int mask = keys.length - 1;
            for (int i = slot(node, mask); ; i = (i + 1) & mask) {
                int key = keys[i];
                if (key == node) {
                    return values[i];
                }
                if (key == FREE) {
                    return -1;
                }
            }
        }

        void put(int node, int ordinal) {
            if ((count + 1) * 3L > keys.length * 2L) {
                grow();
            }
            int mask = keys.length - 1;
            int i = slot(node, mask);
            while (keys[i] != FREE && keys[i] != node) {
                i = (i + 1) & mask;
            }
            if (keys[i] == FREE) {
                count++;
            }
            keys[i] = node;
            values[i] = ordinal;
        }

        void remove(int node) {
            int mask = keys.length - 1;
            int i = slot(node, mask);
            while (keys[i] != node) {
                if (keys[i] == FREE) {
                    return;
                }
                i = (i + 1) & mask;
            }
            // Backward-shift deletion: move later entries of the probe run into the hole, so that no
            // lookup stops early at it (no tombstones to clean up later).
            int hole = i;
            for (int j = (hole + 1) & mask; keys[j] != FREE; j = (j + 1) & mask) {
                int home = slot(keys[j], mask);
                boolean movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
                if (movable) {
                    keys[hole] = keys[j];
                    values[hole] = values[j];
                    hole = j;
                }
            }
            keys[hole] = FREE;
            count--;
        }

        long memoryBytes() {
            return 32L + 8L * keys.length;
        }

        private void grow() {
            int[] oldKeys = keys;
            int[] oldValues = values;
            keys = filled(oldKeys.length * 2);
            values = new int[oldKeys.length * 2];
            count = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != FREE) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }
    }
}
