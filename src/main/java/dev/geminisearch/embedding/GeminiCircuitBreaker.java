package dev.geminisearch.embedding;

import java.time.Duration;

/**
 * Counts consecutive failed Gemini attempts; after {@code failureThreshold} of them it opens and
 * {@link #acquire()} fails fast with {@link GeminiCircuitOpenException} for {@code openDuration}.
 * Then it half-opens: one probe attempt goes through (others still fail fast) and its outcome
 * closes the circuit or opens it again. Only outages count (5xx, I/O, timeouts, a refused key):
 * a rejected input or an exhausted quota says nothing about whether Gemini is up.
 *
 * <p>Thread-safe; the state is small and guarded by this object's monitor, held only briefly.
 */
final class GeminiCircuitBreaker {

    /** The states a health check reports. */
    enum State { CLOSED, OPEN, HALF_OPEN, DISABLED }

    private final int failureThreshold;
    private final Duration openDuration;
    private final RetryPolicy.Clock clock;

    private int consecutiveFailures;
    private long openUntilNanos;
    private boolean open;
    private boolean probeInFlight;

    GeminiCircuitBreaker(GeminiProperties.CircuitBreaker settings, RetryPolicy.Clock clock) {
        this.failureThreshold = settings.failureThreshold();
        this.openDuration = settings.openDuration();
        this.clock = clock;
    }

    /** Lets an attempt through, or throws when the circuit is open (or half-open with its probe out). */
    synchronized void acquire() {
        if (failureThreshold == 0 || !open) {
            return;
        }
        long wait = openUntilNanos - clock.nanoTime();
        if (wait <= 0 && !probeInFlight) {
            probeInFlight = true;
            return;
        }
        Duration retryAfter = Duration.ofNanos(Math.max(wait, 0));
        throw new GeminiCircuitOpenException("Gemini failed " + failureThreshold + " times in a row, so calls are paused"
                + " for " + openDuration.toSeconds() + "s (GEMINI_CIRCUIT_BREAKER_OPEN_DURATION); try again shortly.",
                retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter);
    }

    /** The attempt let through got an answer (or failed on its input): Gemini is up. */
    synchronized void onSuccess() {
        consecutiveFailures = 0;
        open = false;
        probeInFlight = false;
    }

    /** The attempt let through was not made after all (e.g. the request cap was used up): no verdict. */
    synchronized void release() {
        probeInFlight = false;
    }

    /** The attempt let through met an outage. */
    synchronized void onFailure() {
        consecutiveFailures++;
        if (failureThreshold > 0 && (probeInFlight || consecutiveFailures >= failureThreshold)) {
            open = true;
            openUntilNanos = clock.nanoTime() + openDuration.toNanos();
        }
        probeInFlight = false;
    }

    synchronized State state() {
        if (failureThreshold == 0) {
            return State.DISABLED;
        }
        if (!open) {
            return State.CLOSED;
        }
        return openUntilNanos - clock.nanoTime() > 0 ? State.OPEN : State.HALF_OPEN;
    }
}
