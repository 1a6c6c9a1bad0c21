package dev.geminisearch.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTests {

    /** A clock whose sleeps only advance time, so backoff is checked without waiting. */
    private static final class ManualClock implements RetryPolicy.Clock {
        long now;
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            now += duration.toNanos();
        }
    }

    private static RetryPolicy.AttemptFailure transientFailure() {
        return new RetryPolicy.AttemptFailure(RetryPolicy.AttemptFailure.Kind.TRANSIENT, "503", null, null);
    }

    @Test
    void backoffGrowsAndIsCappedAndNeverPassesTheDeadline() {
        ManualClock clock = new ManualClock();
        RetryPolicy policy = new RetryPolicy(new GeminiProperties.Retry(10, Duration.ofSeconds(1), Duration.ofSeconds(4),
                Duration.ofSeconds(12)), clock);

        assertThatThrownBy(() -> policy.call(remaining -> {
            throw transientFailure();
        })).isInstanceOf(EmbeddingUnavailableException.class);

        assertThat(clock.sleeps).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(4)));
        assertThat(Duration.ofNanos(clock.now)).isLessThanOrEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void suggestedDelayLongerThanTheDeadlineGivesUpAtOnceWithThatRetryAfter() {
        ManualClock clock = new ManualClock();
        RetryPolicy policy = new RetryPolicy(new GeminiProperties.Retry(5, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10)), clock);
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> policy.call(remaining -> {
            attempts.incrementAndGet();
            throw new RetryPolicy.AttemptFailure(RetryPolicy.AttemptFailure.Kind.QUOTA, "429",
                    RetryPolicy.suggestedDelay("Please retry in 38.5s."), null);
        })).isInstanceOfSatisfying(EmbeddingQuotaExceededException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(38_500)));
        assertThat(attempts).hasValue(1);
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    void everyWaitBeforeAnotherAttemptCountsOneRetryByReasonAndTheLastFailureNone() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RetryPolicy policy = new RetryPolicy(new GeminiProperties.Retry(3, Duration.ofMillis(100), Duration.ofSeconds(1),
                Duration.ofSeconds(10)), new ManualClock(), meters);
        AtomicInteger attempts = new AtomicInteger();

        String result = policy.call(remaining -> {
            if (attempts.incrementAndGet() == 1) {
                throw new RetryPolicy.AttemptFailure(RetryPolicy.AttemptFailure.Kind.QUOTA, "429", null, null);
            }
            if (attempts.get() == 2) {
                throw transientFailure();
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThatThrownBy(() -> policy.call(remaining -> {
            throw transientFailure();
        })).isInstanceOf(EmbeddingUnavailableException.class);

        assertThat(meters.get("gemini.retries").tag("reason", "quota").counter().count()).isEqualTo(1);
        // 1 from the first call, 2 from the three failed attempts of the second (the last one waits no more).
        assertThat(meters.get("gemini.retries").tag("reason", "transient").counter().count()).isEqualTo(3);
    }

    @Test
    void readsGeminisSuggestedDelayFromItsMessage() {
        assertThat(RetryPolicy.suggestedDelay("You exceeded your current quota. Please retry in 12.3s."))
                .isEqualTo(Duration.ofMillis(12_300));
        assertThat(RetryPolicy.suggestedDelay("retry after 250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(RetryPolicy.suggestedDelay("no hint here")).isNull();
    }
}
