package dev.geminisearch.store.vector;

import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * Approximate-then-exact top-k over {@link VectorRows}: keeps the {@code k x oversample} rows with the
 * best scan scores (only {@code k} when the scan is exact), re-scores them on the full-precision
 * vectors and returns the best {@code k} by exact score. Top-k per item, minimum scores and tie
 * breaks by id are the caller's: it can ask for more rows than items it needs.
 *
 * <p>Thread-safe under the same rule as {@link VectorRows}: no writer while it runs.
 *
 * <p>Test scope: the kernel benchmarks and {@code VectorRowsTests} re-rank rows with it; the service's
 * index re-ranks per item (best segment, filters) in {@code VectorIndex}.
 */
public final class Reranker {

    private final VectorRows rows;
    private final int oversample;

    /**
     * @param oversample candidates re-scored per requested row when the scan is approximate, at least 1
     */
    public Reranker(VectorRows rows, int oversample) {
        this.rows = Objects.requireNonNull(rows, "rows");
        if (oversample < 1) {
            throw new IllegalArgumentException("oversample must be at least 1, was " + oversample);
        }
        this.oversample = oversample;
    }

    /**
     * The best {@code k} admitted rows by exact score.
     *
     * @param query  the full query, as scanned
     * @param scores the scan's scores of this query, {@code scores[row]} for every row
     * @param k      rows wanted, at least 1; fewer come back when fewer rows are admitted
     * @param admit  which rows may be returned (e.g. a metadata filter); asked only about rows whose
     *               scan score would make them a candidate, so it may be costly; null admits all
     */
    public RankedRows top(float[] query, float[] scores, int k, IntPredicate admit) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
        Objects.requireNonNull(query, "query");
        int size = rows.size();
        if (query.length != rows.dimensions()) {
            throw new IllegalArgumentException("the query has " + query.length + " dimensions, expected " + rows.dimensions());
        }
        if (scores.length < size) {
            throw new IllegalArgumentException("scores has room for " + scores.length + " rows, there are " + size);
        }
        boolean exact = rows.isExact();
        int wanted = (int) Math.min(size, exact ? k : (long) k * oversample);
        Heap candidates = new Heap(Math.max(wanted, 1));
        for (int row = 0; row < size; row++) {
            float score = scores[row];
            // written this way round so that a NaN never enters
            if (!(score >= candidates.threshold()) || !candidates.admits(row, score)) {
                continue;
            }
            if (admit != null && !admit.test(row)) {
                continue;
            }
            candidates.add(row, score);
        }
        if (!exact) {
            float[] scratch = new float[rows.dimensions()];
            for (int i = 0; i < candidates.count; i++) {
                candidates.scores[i] = rows.exactScore(query, candidates.rows[i], scratch);
            }
            candidates.heapify();
        }
        return candidates.bestFirst(Math.min(k, candidates.count));
    }

    /** A bounded min-heap of (row, score) whose root is the worst kept: lowest score, then highest row. */
    private static final class Heap {

        final int[] rows;
        final float[] scores;
        int count;

        Heap(int capacity) {
            rows = new int[capacity];
            scores = new float[capacity];
        }

        float threshold() {
            return count < rows.length ? Float.NEGATIVE_INFINITY : scores[0];
        }

        boolean admits(int row, float score) {
            return count < rows.length || better(row, score, rows[0], scores[0]);
        }

        void add(int row, float score) {
            if (count < rows.length) {
                rows[count] = row;
                scores[count] = score;
                siftUp(count++);
            } else {
                rows[0] = row;
                scores[0] = score;
                siftDown(0);
            }
        }

        void heapify() {
            for (int i = count / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        /** Empties the heap into the best {@code keep} rows, best first. */
        RankedRows bestFirst(int keep) {
            int[] bestRows = new int[count];
            float[] bestScores = new float[count];
            while (count > 0) {
                int last = --count;
                bestRows[last] = rows[0];
                bestScores[last] = scores[0];
                rows[0] = rows[last];
                scores[0] = scores[last];
                siftDown(0);
            }
            if (keep == bestRows.length) {
                return new RankedRows(bestRows, bestScores);
            }
            return new RankedRows(java.util.Arrays.copyOf(bestRows, keep), java.util.Arrays.copyOf(bestScores, keep));
        }

        private static boolean better(int rowA, float scoreA, int rowB, float scoreB) {
            return scoreA != scoreB ? scoreA > scoreB : rowA < rowB;
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!better(rows[parent], scores[parent], rows[i], scores[i])) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= count) {
                    return;
                }
                int worst = left;
                int right = left + 1;
                if (right < count && better(rows[left], scores[left], rows[right], scores[right])) {
                    worst = right;
                }
                if (!better(rows[i], scores[i], rows[worst], scores[worst])) {
                    return;
                }
                swap(i, worst);
                i = worst;
            }
        }

        private void swap(int a, int b) {
            int row = rows[a];
            rows[a] = rows[b];
            rows[b] = row;
            float score = scores[a];
            scores[a] = scores[b];
            scores[b] = score;
        }
    }
}
