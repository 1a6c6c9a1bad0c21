package dev.geminisearch.embedding;

import java.time.Duration;

/**
 * The time left for the current request to wait on Gemini (API_REQUEST_TIMEOUT). The web layer
 * opens a scope per request; every embedding made on that thread, however many, gives up when it
 * is spent, so a request with several embeddings cannot outlast the timeout by piling up retry
 * deadlines. Work handed to other threads does not inherit it: there the per-embedding retry
 * deadline (GEMINI_RETRY_DEADLINE) is the bound.
 *
 * <p>Like Spring's own {@code RequestContextHolder}, this is per-thread state; a scope must be
 * closed on the thread that opened it (try-with-resources).
 */
public final class RequestDeadline implements AutoCloseable {

    private static final ThreadLocal<RequestDeadline> CURRENT = new ThreadLocal<>();

    private final long deadlineNanos;
    private final RequestDeadline outer;

    private RequestDeadline(long deadlineNanos, RequestDeadline outer) {
        this.deadlineNanos = deadlineNanos;
        this.outer = outer;
    }

    /** Opens a scope of {@code timeout} from now on this thread; close it when the request ends. */
    public static RequestDeadline start(Duration timeout) {
        RequestDeadline scope = new RequestDeadline(System.nanoTime() + timeout.toNanos(), CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** Time left in the current thread's scope (zero or negative once spent), or null outside any scope. */
    static Duration remaining() {
        RequestDeadline scope = CURRENT.get();
        return scope == null ? null : Duration.ofNanos(scope.deadlineNanos - System.nanoTime());
    }

    @Override
    public void close() {
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
