package dev.geminisearch.job;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs on a fixed pool of workers behind a bounded queue and keeps their state for reading.
 * A job runs to its end whether or not anybody polls it: the client that submitted it may go away.
 * Job state lives in this process only, so jobs do not survive a restart (the work a job does must
 * therefore be all-or-nothing, as an ingest is). Thread-safe.
 */
public final class JobService implements AutoCloseable {

    /** What a job does. It reports progress as it goes; an exception fails the job. */
    @FunctionalInterface
    public interface Work {
        void run(Progress progress);
    }

    /** How a job tells how far it got. */
    public interface Progress {

        /** Sets the number of units in all (e.g. once a file is split into segments). */
        void total(int total);

        /** Counts one more unit as done. */
        void advance();
    }

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 25;

    private final JobProperties properties;
    private final Clock clock;
    private final ThreadPoolExecutor workers;
    private final Map<String, State> jobs = new ConcurrentHashMap<>();
    /** Finished job ids in the order they finished, for retention. */
    private final ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();

    public JobService(JobProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.queueSize()), runnable -> {
                    Thread thread = new Thread(runnable, "job-" + threads.incrementAndGet());
                    thread.setDaemon(false);
                    return thread;
                });
    }

    /**
     * Queues the work and returns the new job at once.
     *
     * @param kind    what the job does, e.g. {@code ingest}
     * @param itemId  the item it works on, or null
     * @param work    the work
     * @param cleanup runs exactly once after the work ended, or when the job is dropped unrun (a full
     *                queue, shutdown): e.g. deletes a temporary upload
     * @throws JobQueueFullException when {@code queueSize} jobs already wait; cleanup has run
     */
    public Job submit(String kind, String itemId, Work work, Runnable cleanup) {
        Objects.requireNonNull(work, "work");
        Runnable once = runOnce(cleanup);
        expireFinished();
        Instant now = clock.instant();
        State state = new State(UUID.randomUUID().toString(), kind, itemId, now);
        jobs.put(state.id, state);
        try {
            workers.execute(new Task(state, work, once));
        } catch (RejectedExecutionException full) {
            jobs.remove(state.id);
            once.run();
            throw new JobQueueFullException(properties.queueSize());
        }
        return state.snapshot();
    }

    /**
     * The job as it is now.
     *
     * @throws JobNotFoundException when there is no such job, or it finished longer ago than the retention
     */
    public Job get(String id) {
        expireFinished();
        State state = id == null ? null : jobs.get(id);
        if (state == null) {
            throw new JobNotFoundException(id);
        }
        return state.snapshot();
    }

    /** Jobs waiting for a worker. */
    public int queued() {
        return workers.getQueue().size();
    }

    /** Jobs being worked on. */
    public int running() {
        return workers.getActiveCount();
    }

    /**
     * Stops taking jobs, drops the queued ones, lets running ones finish for a while, then interrupts
     * them (a dropped job fails and its cleanup runs). Dropped or interrupted jobs leave nothing
     * stored, since every job's work is all-or-nothing.
     */
    @Override
    public void close() {
        workers.shutdown();
        // Queued jobs are not started at shutdown: their grace would run out midway anyway.
        java.util.List<Runnable> queuedTasks = new java.util.ArrayList<>();
        workers.getQueue().drainTo(queuedTasks);
        dropAll(queuedTasks);
        try {
            if (!workers.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Jobs still running after {} s at shutdown; interrupting them", SHUTDOWN_GRACE_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropAll(workers.shutdownNow());
    }

    private static void dropAll(java.util.List<Runnable> tasks) {
        for (Runnable dropped : tasks) {
            if (dropped instanceof Task task) {
                task.drop();
            }
        }
    }

    private void expireFinished() {
        Instant oldest = clock.instant().minus(properties.retention());
        while (true) {
            String id = finished.peek();
            if (id == null) {
                return;
            }
            State state = jobs.get(id);
            boolean tooMany = finished.size() > properties.maxKept();
            if (state != null && !tooMany && !state.snapshot().updatedAt().isBefore(oldest)) {
                return;
            }
            if (finished.remove(id)) {
                jobs.remove(id);
            }
        }
    }

    private static Runnable runOnce(Runnable cleanup) {
        if (cleanup == null) {
            return () -> { };
        }
        AtomicBoolean ran = new AtomicBoolean();
        return () -> {
            if (ran.compareAndSet(false, true)) {
                cleanup.run();
            }
        };
    }

    private final class Task implements Runnable {
        private final State state;
        private final Work work;
        private final Runnable cleanup;

        Task(State state, Work work, Runnable cleanup) {
            this.state = state;
            this.work = work;
            this.cleanup = cleanup;
        }

        @Override
        public void run() {
            state.start(clock.instant());
            try {
                work.run(state);
                state.finish(null, clock.instant());
            } catch (RuntimeException e) {
                log.info("Job {} ({} of item {}) failed: {}", state.id, state.kind, state.itemId, e.toString());
                state.finish(e, clock.instant());
            } catch (Error e) {
                state.finish(new IllegalStateException("the job failed unexpectedly", e), clock.instant());
                throw e;
            } finally {
                cleanup.run();
                finished.add(state.id);
            }
        }

        void drop() {
            state.finish(new JobAbandonedException(), clock.instant());
            cleanup.run();
            finished.add(state.id);
        }
    }

    /** The mutable state behind {@link Job}; its own monitor guards it. */
    private final class State implements Progress {
        final String id;
        final String kind;
        final String itemId;
        final Instant createdAt;
        private JobStatus status = JobStatus.QUEUED;
        private int done;
        private int total;
        private RuntimeException failure;
        private Instant updatedAt;

        State(String id, String kind, String itemId, Instant createdAt) {
            this.id = id;
            this.kind = kind;
            this.itemId = itemId;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        synchronized void start(Instant now) {
            status = JobStatus.RUNNING;
            updatedAt = now;
        }

        synchronized void finish(RuntimeException failed, Instant now) {
            status = failed == null ? JobStatus.SUCCEEDED : JobStatus.FAILED;
            failure = failed;
            if (failed == null && total > 0) {
                done = total;
            }
            updatedAt = now;
        }

        @Override
        public synchronized void total(int units) {
            total = Math.max(0, units);
            done = Math.min(done, total);
            updatedAt = clock.instant();
        }

        @Override
        public synchronized void advance() {
            if (done < total) {
                done++;
            }
            updatedAt = clock.instant();
        }

        synchronized Job snapshot() {
            return new Job(id, kind, status, new JobProgress(done, total), itemId, failure, createdAt, updatedAt);
        }
    }
}
