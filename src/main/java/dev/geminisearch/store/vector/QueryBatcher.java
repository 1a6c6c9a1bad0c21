package dev.geminisearch.store.vector;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets concurrent searches share passes over {@link VectorRows}: a scan is bound by memory
 * bandwidth, and scoring a row against several queries while it is in cache costs little more than
 * against one ({@link VectorRows#scan(float[][], float[][])}).
 *
 * <p>Leader/follower combining: a search that finds a pass slot free and nobody queued before it
 * runs its pass at once, on its own thread (a lone search waits for nothing). Searches that arrive
 * while all slots are busy queue up; when a pass ends, the first queued search becomes the leader of
 * the next pass, taking up to {@code maxBatch} queued searches with it, in arrival order. Every caller
 * gets back exactly the scores of its own query; a pass that fails fails each of its searches with
 * the same exception.
 *
 * <p>Thread-safe. Callers must keep writers away from the rows from before {@code search} until it
 * returns (e.g. hold the index's read lock): every search of a pass then sees the same rows.
 */
public final class QueryBatcher {

    private final VectorRows rows;
    private final int maxBatch;
    private final int maxPasses;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private final ArrayDeque<Request> queued = new ArrayDeque<>();
    /** Guarded by lock. */
    private int running;

    /**
     * @param maxBatch  queries in one pass at most, at least 1
     * @param maxPasses passes that may run at the same time, at least 1 (e.g. the cores that may scan)
     */
    public QueryBatcher(VectorRows rows, int maxBatch, int maxPasses) {
        this.rows = Objects.requireNonNull(rows, "rows");
        if (maxBatch < 1 || maxPasses < 1) {
            throw new IllegalArgumentException("maxBatch and maxPasses must be at least 1, were " + maxBatch + " and " + maxPasses);
        }
        this.maxBatch = maxBatch;
        this.maxPasses = maxPasses;
    }

    /** The scan scores of the query for every row, as {@link VectorRows#scan(float[], float[])} gives them. */
    public float[] search(float[] query) {
        float[] scores = new float[rows.size()];
        search(query, scores);
        return scores;
    }

    /**
     * Fills {@code scores[0..rows.size())} with the scan scores of the query, in a pass that other
     * concurrent searches may share.
     *
     * @throws IllegalArgumentException for a query of the wrong length or a too short array, before
     *                                  joining any pass
     */
    public void search(float[] query, float[] scores) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(scores, "scores");
        if (query.length != rows.dimensions()) {
            throw new IllegalArgumentException("the query has " + query.length + " dimensions, expected " + rows.dimensions());
        }
        if (scores.length < rows.size()) {
            throw new IllegalArgumentException("scores has room for " + scores.length + " rows, there are " + rows.size());
        }
        Request mine = new Request(query, scores, lock.newCondition());
        Request[] batch = null;
        lock.lock();
        try {
            queued.addLast(mine);
            while (!mine.done) {
                if (running < maxPasses && queued.peekFirst() == mine) {
                    batch = takeBatch();
                    running++;
                    // another slot may be free for whoever is queued next
                    wakeFirstQueued();
                    break;
                }
                // A pass takes milliseconds and always ends, so waiting uninterruptibly is bounded;
                // the interrupt status survives for the caller.
                mine.wakeup.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        if (batch != null) {
            lead(batch);
        }
        if (mine.failure != null) {
            throw propagate(mine.failure);
        }
    }

    /** Runs a pass for the batch (this thread's own request first), then wakes its followers. */
    private void lead(Request[] batch) {
        Throwable failure = null;
        try {
            if (batch.length == 1) {
                rows.scan(batch[0].query, batch[0].scores);
            } else {
                float[][] queries = new float[batch.length][];
                float[][] scores = new float[batch.length][];
                for (int i = 0; i < batch.length; i++) {
                    queries[i] = batch[i].query;
                    scores[i] = batch[i].scores;
                }
                rows.scan(queries, scores);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        lock.lock();
        try {
            running--;
            for (Request request : batch) {
                request.failure = failure;
                request.done = true;
                request.wakeup.signal();
            }
            wakeFirstQueued();
        } finally {
            lock.unlock();
        }
    }

    /** Takes the leader (first queued) and up to maxBatch - 1 followers off the queue. Under lock. */
    private Request[] takeBatch() {
        Request[] batch = new Request[Math.min(maxBatch, queued.size())];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = queued.pollFirst();
        }
        return batch;
    }

    /** Under lock. */
    private void wakeFirstQueued() {
        Request first = queued.peekFirst();
        if (first != null && running < maxPasses) {
            first.wakeup.signal();
        }
    }

    private static RuntimeException propagate(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    /** One search: its query and scores, and how its waiter learns the outcome (fields guarded by lock). */
    private static final class Request {

        final float[] query;
        final float[] scores;
        final Condition wakeup;
        boolean done;
        Throwable failure;

        Request(float[] query, float[] scores, Condition wakeup) {
            this.query = query;
            this.scores = scores;
            this.wakeup = wakeup;
        }
    }
}
