package dev.geminisearch.embedding;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one retry policy for Gemini calls: exponential backoff with jitter on retryable failures,
 * Gemini's own suggested delay honoured when it gives one, and a bounded total deadline. Every wait
 * before another attempt counts one {@code gemini.retries}, tagged {@code reason} (quota|transient).
 * The deadline is GEMINI_RETRY_DEADLINE, or what is left of the request's {@link RequestDeadline} if less.
 */
final class RetryPolicy {

    /** Gemini writes its RetryInfo delay into the message ("Please retry in 12.3s"); the SDK drops the detail. */
    private static final Pattern SUGGESTED_DELAY = Pattern.compile("retry (?:in|after) ([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private final GeminiProperties.Retry settings;
    private final Clock clock;
    private final Counter quotaRetries;
    private final Counter transientRetries;

    /** Time source and sleeper, replaceable in tests so that backoff needs no real waiting. */
    interface Clock {
        long nanoTime();

        void sleep(Duration duration) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }
        };
    }

    /** A failed attempt, classified by the caller. */
    static final class AttemptFailure extends RuntimeException {
        final Kind kind;
        final Duration suggestedDelay;

        enum Kind { QUOTA, TRANSIENT, PERMANENT }

        AttemptFailure(Kind kind, String message, Duration suggestedDelay, Throwable cause) {
            super(message, cause);
            this.kind = kind;
            this.suggestedDelay = suggestedDelay;
        }
    }

    /** A policy whose retry counts go to a private registry that nothing reads. */
    RetryPolicy(GeminiProperties.Retry settings, Clock clock) {
        this(settings, clock, new SimpleMeterRegistry());
    }

    RetryPolicy(GeminiProperties.Retry settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        // Registered up front so that a scrape shows 0 rather than no series before the first retry.
        this.quotaRetries = retries(meters, "quota");
        this.transientRetries = retries(meters, "transient");
    }

    private static Counter retries(MeterRegistry meters, String reason) {
        return Counter.builder("gemini.retries").description("Waits before another attempt at a Gemini call")
                .tag("reason", reason).register(meters);
    }

    /**
     * Runs the call until it succeeds, fails permanently, runs out of attempts, or the next wait
     * would pass the deadline; then translates the last failure. Each attempt is told how much of
     * the deadline is left, so that it can bound its own waits and timeouts by it.
     */
    <T> T call(Function<Duration, T> attempt) {
        Duration budget = settings.deadline();
        Duration requestLeft = RequestDeadline.remaining();
        if (requestLeft != null) {
            if (requestLeft.toMillis() <= 0) {
                throw new EmbeddingUnavailableException("the request ran out of time (API_REQUEST_TIMEOUT) waiting on Gemini",
                        null);
            }
            budget = min(budget, requestLeft);
        }
        long deadline = clock.nanoTime() + budget.toNanos();
        Duration backoff = settings.initialBackoff();
        for (int attemptNumber = 1; ; attemptNumber++) {
            AttemptFailure failure;
            try {
                return attempt.apply(Duration.ofNanos(Math.max(0, deadline - clock.nanoTime())));
            } catch (AttemptFailure e) {
                failure = e;
            }
            if (failure.kind == AttemptFailure.Kind.PERMANENT) {
                throw new EmbeddingRejectedException(failure.getMessage(), failure.getCause());
            }
            Duration wait = failure.suggestedDelay != null ? failure.suggestedDelay : jittered(backoff);
            long remaining = deadline - clock.nanoTime();
            if (attemptNumber >= settings.maxAttempts() || wait.toNanos() >= remaining) {
                throw giveUp(failure, attemptNumber, wait);
            }
            (failure.kind == AttemptFailure.Kind.QUOTA ? quotaRetries : transientRetries).increment();
            try {
                clock.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddingUnavailableException("interrupted while waiting to retry Gemini", e);
            }
            backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
        }
    }

    private RuntimeException giveUp(AttemptFailure failure, int attempts, Duration nextWait) {
        String summary = failure.getMessage() + " (after " + attempts + (attempts == 1 ? " attempt)" : " attempts)");
        if (failure.kind == AttemptFailure.Kind.QUOTA) {
            Duration retryAfter = nextWait.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : nextWait;
            return new EmbeddingQuotaExceededException("Gemini quota exhausted: " + summary, retryAfter, failure.getCause());
        }
        return new EmbeddingUnavailableException("Gemini is failing or unreachable: " + summary, failure.getCause());
    }

    private Duration jittered(Duration backoff) {
        // Full jitter keeps replicas that failed together from retrying together.
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Gemini's suggested delay in an error message, or null. */
    static Duration suggestedDelay(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = SUGGESTED_DELAY.matcher(message);
        if (!matcher.find()) {
            return null;
        }
        double amount = Double.parseDouble(matcher.group(1));
        long millis = matcher.group(2).equalsIgnoreCase("ms") ? (long) amount : (long) Math.ceil(amount * 1000);
        return Duration.ofMillis(millis);
    }
}
