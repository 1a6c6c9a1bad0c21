package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueryBatcherTests {

    private static final int DIMENSIONS = 24;
    private static final int ROWS = 300;
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final SplittableRandom random = new SplittableRandom(42);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aLoneSearchRunsAtOnceOnTheCallersThreadAndGetsItsScanScores() {
        ObservedKernel kernel = new ObservedKernel(VectorKernels.scalar());
        VectorRows rows = rows(kernel);
        QueryBatcher batcher = new QueryBatcher(rows, 16, 1);
        float[] query = TestVectors.unit(random, DIMENSIONS);

        float[] scores = batcher.search(query);

        assertThat(scores).containsExactly(scan(rows, query));
        assertThat(kernel.threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void searchesThatArriveDuringAPassShareTheNextPassAndEachGetsItsOwnScores() throws Exception {
        ObservedKernel kernel = new ObservedKernel(VectorKernels.scalar());
        VectorRows rows = rows(kernel);
        QueryBatcher batcher = new QueryBatcher(rows, 16, 1);
        Future<float[]> first = holdFirstPass(kernel, batcher);
        List<float[]> queries = new ArrayList<>();
        List<Future<float[]>> followers = new ArrayList<>();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] query = TestVectors.unit(random, DIMENSIONS);
            queries.add(query);
            followers.add(threads.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                return batcher.search(query);
            }));
        }
        awaitAllWaiting(waiting, 8);

        kernel.gate.countDown();

        first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < queries.size(); i++) {
            // the scalar kernel scores a batch exactly as one query at a time, so equality is exact
            assertThat(followers.get(i).get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("follower %d", i)
                    .containsExactly(scan(rows, queries.get(i)));
        }
        assertThat(kernel.largestBatch.get()).as("all eight queued searches shared one pass").isEqualTo(8);
        assertThat(kernel.passThreads()).as("the second pass ran on one of the followers' threads").hasSize(2);
    }

    @Test
    void aPassTakesAtMostMaxBatchSearches() throws Exception {
        ObservedKernel kernel = new ObservedKernel(VectorKernels.scalar());
        VectorRows rows = rows(kernel);
        QueryBatcher batcher = new QueryBatcher(rows, 3, 1);
        Future<float[]> first = holdFirstPass(kernel, batcher);
        List<float[]> queries = new ArrayList<>();
        List<Future<float[]>> followers = new ArrayList<>();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            float[] query = TestVectors.unit(random, DIMENSIONS);
            queries.add(query);
            followers.add(threads.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                return batcher.search(query);
            }));
        }
        awaitAllWaiting(waiting, 7);

        kernel.gate.countDown();

        first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < queries.size(); i++) {
            assertThat(followers.get(i).get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).containsExactly(scan(rows, queries.get(i)));
        }
        assertThat(kernel.largestBatch.get()).isEqualTo(3);
    }

    @Test
    void underContentionEveryCallerGetsExactlyTheScoresOfItsOwnQuery() throws Exception {
        VectorRows rows = rows(VectorKernels.scalar());
        QueryBatcher batcher = new QueryBatcher(rows, 16, 1);
        assertEveryCallerGetsItsOwnScores(rows, batcher, 0f);
    }

    @Test
    void withTheSimdKernelAndTwoPassSlotsEveryCallerStillGetsItsOwnScores() throws Exception {
        VectorRows rows = rows(VectorKernels.preferred());
        QueryBatcher batcher = new QueryBatcher(rows, 16, 2);
        // a batch sums in another order than a lone scan: float rounding of unit-vector dot
        // products, while two random queries' scores for a row differ by ~0.3 on average
        assertEveryCallerGetsItsOwnScores(rows, batcher, 1e-5f);
    }

    @Test
    void twoPassSlotsLetTwoSearchesScanAtTheSameTime() throws Exception {
        CyclicBarrier bothScanning = new CyclicBarrier(2);
        Set<String> met = ConcurrentHashMap.newKeySet();
        VectorKernel kernel = new ObservedKernel(VectorKernels.scalar()) {
            @Override
            void onCall(int queryCount) {
                if (met.add(Thread.currentThread().getName())) {
                    try {
                        // only returns if the other search is inside its scan too
                        bothScanning.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError("the two searches did not scan at the same time", e);
                    }
                }
            }
        };
        VectorRows rows = rows(kernel);
        QueryBatcher batcher = new QueryBatcher(rows, 16, 2);
        float[] a = TestVectors.unit(random, DIMENSIONS);
        float[] b = TestVectors.unit(random, DIMENSIONS);

        Future<float[]> first = threads.submit(() -> batcher.search(a));
        Future<float[]> second = threads.submit(() -> batcher.search(b));

        assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).containsExactly(scan(rows, a));
        assertThat(second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).containsExactly(scan(rows, b));
    }

    @Test
    void aFailedPassFailsEachOfItsSearchesAndTheNextPassWorks() throws Exception {
        float[] poison = TestVectors.unit(random, DIMENSIONS);
        AtomicBoolean poisoned = new AtomicBoolean(true);
        ObservedKernel kernel = new ObservedKernel(VectorKernels.scalar()) {
            @Override
            void onBatch(float[][] queries, int queryCount) {
                for (int q = 0; q < queryCount; q++) {
                    if (queries[q] == poison && poisoned.get()) {
                        throw new IllegalStateException("scan failed");
                    }
                }
            }
        };
        VectorRows rows = rows(kernel);
        QueryBatcher batcher = new QueryBatcher(rows, 16, 1);
        Future<float[]> first = holdFirstPass(kernel, batcher);
        float[] healthy = TestVectors.unit(random, DIMENSIONS);
        List<Thread> waiting = new ArrayList<>();
        List<Future<float[]>> batch = new ArrayList<>();
        for (float[] query : new float[][] {healthy, poison}) {
            batch.add(threads.submit(() -> {
                synchronized (waiting) {
                    waiting.add(Thread.currentThread());
                }
                return batcher.search(query);
            }));
        }
        awaitAllWaiting(waiting, 2);

        kernel.gate.countDown();

        first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        for (Future<float[]> search : batch) {
            assertThatThrownBy(() -> search.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasRootCauseMessage("scan failed");
        }
        poisoned.set(false);
        assertThat(batcher.search(healthy)).containsExactly(scan(rows, healthy));
    }

    @Test
    void rejectsAQueryOfTheWrongLengthOrAShortScoreArrayBeforeJoiningAPass() {
        ObservedKernel kernel = new ObservedKernel(VectorKernels.scalar());
        QueryBatcher batcher = new QueryBatcher(rows(kernel), 16, 1);

        assertThatThrownBy(() -> batcher.search(new float[DIMENSIONS + 1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batcher.search(new float[DIMENSIONS], new float[ROWS - 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(kernel.threads).isEmpty();
    }

    // ---- helpers ----

    private VectorRows rows(VectorKernel kernel) {
        VectorRows rows = VectorRows.create(DIMENSIONS, VectorProperties.defaults(), kernel);
        SplittableRandom data = new SplittableRandom(7);
        for (int i = 0; i < ROWS; i++) {
            rows.append(TestVectors.unit(data, DIMENSIONS));
        }
        return rows;
    }

    /** The scores of a lone scan of the same rows with the plain scalar kernel, outside any batcher. */
    private static float[] scan(VectorRows rows, float[] query) {
        VectorKernel plain = rows.kernel() instanceof ObservedKernel observed ? observed.delegate : rows.kernel();
        VectorRows reference = VectorRows.create(DIMENSIONS, VectorProperties.defaults(), plain);
        for (int row = 0; row < rows.size(); row++) {
            reference.append(rows.vector(row));
        }
        float[] scores = new float[reference.size()];
        reference.scan(query, scores);
        return scores;
    }

    /** Starts a search whose pass blocks in the kernel until {@code kernel.gate} opens; returns once it is blocked. */
    private Future<float[]> holdFirstPass(ObservedKernel kernel, QueryBatcher batcher) throws InterruptedException {
        kernel.holdNextCall.set(true);
        float[] query = TestVectors.unit(random, DIMENSIONS);
        Future<float[]> first = threads.submit(() -> batcher.search(query));
        assertThat(kernel.held.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the first pass started").isTrue();
        return first;
    }

    /**
     * Waits until the threads are parked. The leader is blocked in the kernel without the batcher's
     * lock, so a parked search can only be one queued for the next pass.
     */
    private static void awaitAllWaiting(List<Thread> waiting, int count) {
        await().atMost(PATIENCE).until(() -> {
            synchronized (waiting) {
                return waiting.size() == count && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
            }
        });
    }

    private void assertEveryCallerGetsItsOwnScores(VectorRows rows, QueryBatcher batcher, float tolerance) throws Exception {
        int callers = 8;
        int searchesEach = 60;
        float[][][] queries = new float[callers][searchesEach][];
        for (int c = 0; c < callers; c++) {
            for (int s = 0; s < searchesEach; s++) {
                queries[c][s] = TestVectors.unit(random, DIMENSIONS);
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger checked = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            float[][] mine = queries[c];
            running.add(threads.submit(() -> {
                start.await();
                for (float[] query : mine) {
                    float[] scores = batcher.search(query);
                    float[] expected = scan(rows, query);
                    assertThat(scores).hasSameSizeAs(expected);
                    for (int row = 0; row < expected.length; row++) {
                        assertThat(scores[row]).isCloseTo(expected[row], within(tolerance));
                    }
                    checked.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> caller : running) {
            caller.get(2 * PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(checked.get()).isEqualTo(callers * searchesEach);
    }

    /** A kernel that records who calls it and how many queries a pass carries, and can hold one call. */
    private static class ObservedKernel implements VectorKernel {

        final VectorKernel delegate;
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger largestBatch = new AtomicInteger();
        final AtomicBoolean holdNextCall = new AtomicBoolean();
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        private final Set<String> passThreads = ConcurrentHashMap.newKeySet();

        ObservedKernel(VectorKernel delegate) {
            this.delegate = delegate;
        }

        void onCall(int queryCount) {
        }

        void onBatch(float[][] queries, int queryCount) {
        }

        Set<String> passThreads() {
            return passThreads;
        }

        private void observe(int queryCount) {
            threads.add(Thread.currentThread().getName());
            passThreads.add(Thread.currentThread().getName());
            largestBatch.accumulateAndGet(queryCount, Math::max);
            onCall(queryCount);
            if (holdNextCall.compareAndSet(true, false)) {
                held.countDown();
                try {
                    assertThat(gate.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the test opened the gate").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        @Override
        public float dot(float[] query, float[] row, int offset, int length) {
            observe(1);
            return delegate.dot(query, row, offset, length);
        }

        @Override
        public float dot(float[] query, byte[] codes, int offset, int length) {
            observe(1);
            return delegate.dot(query, codes, offset, length);
        }

        @Override
        public void dotEach(float[][] queries, int queryCount, float[] rows, int offset, int rowCount, int length,
                            float[][] scores, int at) {
            observe(queryCount);
            onBatch(queries, queryCount);
            delegate.dotEach(queries, queryCount, rows, offset, rowCount, length, scores, at);
        }

        @Override
        public void dotEach(float[][] queries, int queryCount, byte[] codes, int offset, int rowCount, int length,
                            float[][] scores, int at) {
            observe(queryCount);
            onBatch(queries, queryCount);
            delegate.dotEach(queries, queryCount, codes, offset, rowCount, length, scores, at);
        }

        @Override
        public String description() {
            return "observed " + delegate.description();
        }
    }
}
