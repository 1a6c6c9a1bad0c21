package dev.geminisearch.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.support.FakeGemini;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The circuit breaker and the requests-per-minute cap, with the real SDK against the fake and a manual clock. */
class GeminiEmbedderResilienceTests {

    private static final EmbeddingRequest REQUEST = new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128);

    private final FakeGemini gemini = new FakeGemini();
    private final ManualClock clock = new ManualClock();

    /** A clock whose sleeps only advance time, so waits are checked without waiting. */
    private static final class ManualClock implements RetryPolicy.Clock {
        volatile long now = 1_000_000_000L;
        Duration slept = Duration.ZERO;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public synchronized void sleep(Duration duration) {
            slept = slept.plus(duration);
            now += duration.toNanos();
        }

        void advance(Duration duration) {
            now += duration.toNanos();
        }
    }

    @AfterEach
    void stopFake() {
        gemini.close();
    }

    private GeminiEmbedder embedder(int maxAttempts, Duration deadline, int maxRequestsPerMinute,
                                    GeminiProperties.CircuitBreaker breaker) {
        return new GeminiEmbedder(new GeminiProperties(FakeGemini.API_KEY, gemini.baseUrl(), "v1beta", "gemini-embedding-2",
                GeminiProperties.Backend.GEMINI_API, null, "us-central1", Duration.ofSeconds(5), 4,
                new GeminiProperties.Retry(maxAttempts, Duration.ofMillis(10), Duration.ofMillis(40), deadline),
                maxRequestsPerMinute, breaker), new SimpleMeterRegistry(), clock);
    }

    private GeminiEmbedder breakerEmbedder() {
        return embedder(1, Duration.ofSeconds(10), 0, new GeminiProperties.CircuitBreaker(2, Duration.ofSeconds(30)));
    }

    @Test
    void circuitOpensAfterConsecutiveOutagesAndFailsFastWithoutCallingGemini() {
        GeminiEmbedder embedder = breakerEmbedder();
        gemini.failNext(2, 503, "UNAVAILABLE", "down");
        assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(EmbeddingUnavailableException.class)
                .isNotInstanceOf(GeminiCircuitOpenException.class);
        assertThatThrownBy(() -> embedder.embed(REQUEST)).isNotInstanceOf(GeminiCircuitOpenException.class);

        assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOfSatisfying(GeminiCircuitOpenException.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(gemini.callCount()).isEqualTo(2);
        assertThat(embedder.status().details()).containsEntry("circuitBreaker", "open");
        assertThat(embedder.status().detail()).contains("circuit open");
    }

    @Test
    void afterTheCoolDownOneSuccessfulProbeClosesTheCircuit() {
        GeminiEmbedder embedder = breakerEmbedder();
        gemini.failNext(2, 500, "INTERNAL", "boom");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(EmbeddingUnavailableException.class);
        }

        clock.advance(Duration.ofSeconds(30));
        assertThat(embedder.status().details()).containsEntry("circuitBreaker", "half-open");
        assertThat(embedder.embed(REQUEST)).hasSize(128);

        assertThat(embedder.status().details()).containsEntry("circuitBreaker", "closed");
        assertThat(embedder.embed(REQUEST)).hasSize(128);
        assertThat(gemini.callCount()).isEqualTo(4);
    }

    @Test
    void aFailedProbeOpensTheCircuitAgainAtOnce() {
        GeminiEmbedder embedder = breakerEmbedder();
        gemini.failNext(3, 503, "UNAVAILABLE", "down");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(EmbeddingUnavailableException.class);
        }
        clock.advance(Duration.ofSeconds(31));

        assertThatThrownBy(() -> embedder.embed(REQUEST)).isNotInstanceOf(GeminiCircuitOpenException.class);
        assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(GeminiCircuitOpenException.class);
        assertThat(gemini.callCount()).isEqualTo(3);
    }

    @Test
    void rejectedInputsAndExhaustedQuotaDoNotOpenTheCircuit() {
        GeminiEmbedder embedder = breakerEmbedder();
        gemini.failNext(2, 400, "INVALID_ARGUMENT", "bad input");
        gemini.failNext(2, 429, "RESOURCE_EXHAUSTED", "quota");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(EmbeddingRejectedException.class);
        }
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(EmbeddingQuotaExceededException.class);
        }

        assertThat(embedder.embed(REQUEST)).hasSize(128);
        assertThat(embedder.status().details()).containsEntry("circuitBreaker", "closed");
    }

    @Test
    void retriesOfOneEmbeddingCountTowardsTheThreshold() {
        GeminiEmbedder embedder = embedder(4, Duration.ofSeconds(10), 0, new GeminiProperties.CircuitBreaker(2,
                Duration.ofSeconds(30)));
        gemini.failNext(4, 503, "UNAVAILABLE", "down");

        assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(GeminiCircuitOpenException.class);
        assertThat(gemini.callCount()).isEqualTo(2);
    }

    @Test
    void requestsPerMinuteCapFailsAsQuotaWhenTheWaitExceedsTheDeadline() {
        GeminiEmbedder embedder = embedder(3, Duration.ofSeconds(10), 2, GeminiProperties.CircuitBreaker.DEFAULTS);
        embedder.embed(REQUEST);

        // Two a minute are paced 30.5 s apart, so the second call's token is that far away: past the 10 s deadline.
        assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOfSatisfying(EmbeddingQuotaExceededException.class,
                e -> {
                    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(31));
                    assertThat(e.getMessage()).contains("GEMINI_MAX_REQUESTS_PER_MINUTE");
                });
        assertThat(gemini.callCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(31));
        assertThat(embedder.embed(REQUEST)).hasSize(128);
        assertThat(gemini.callCount()).isEqualTo(2);
    }

    @Test
    void requestsPerMinuteCapWaitsWhenTheWaitFitsTheDeadline() {
        GeminiEmbedder embedder = embedder(3, Duration.ofSeconds(45), 2, GeminiProperties.CircuitBreaker.DEFAULTS);
        embedder.embed(REQUEST);

        assertThat(embedder.embed(REQUEST)).hasSize(128);

        assertThat(gemini.callCount()).isEqualTo(2);
        assertThat(clock.slept).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(31));
    }

    @Test
    void requestsPerMinuteCapNeverLetsMoreThanTheCapIntoAnyMinute() {
        GeminiEmbedder embedder = embedder(3, Duration.ofSeconds(45), 6, GeminiProperties.CircuitBreaker.DEFAULTS);
        java.util.List<Long> callTimes = new java.util.ArrayList<>();
        for (int i = 0; i < 13; i++) {
            embedder.embed(REQUEST);
            callTimes.add(clock.now);
        }

        // 6 a minute: one call every ~10 s from the first on, never a burst on top of the refill.
        assertThat(gemini.callCount()).isEqualTo(13);
        for (int i = 6; i < callTimes.size(); i++) {
            assertThat(callTimes.get(i) - callTimes.get(i - 6)).isGreaterThan(Duration.ofSeconds(60).toNanos());
        }
        assertThat(clock.slept).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(123));
    }

    @Test
    void retriedAttemptsTakeTokensToo() {
        GeminiEmbedder embedder = embedder(3, Duration.ofSeconds(10), 2, GeminiProperties.CircuitBreaker.DEFAULTS);
        gemini.failNext(2, 503, "UNAVAILABLE", "down");

        // The first attempt took the token; the retry would wait ~30 s for the next, beyond the deadline.
        assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(EmbeddingQuotaExceededException.class);
        assertThat(gemini.callCount()).isEqualTo(1);
    }

    @Test
    void aSpentRequestDeadlineStopsEmbeddingsBeforeAnyCall() {
        GeminiEmbedder embedder = embedder(3, Duration.ofSeconds(45), 0, GeminiProperties.CircuitBreaker.DEFAULTS);
        try (RequestDeadline ignored = RequestDeadline.start(Duration.ofNanos(1))) {
            assertThatThrownBy(() -> embedder.embed(REQUEST)).isInstanceOf(EmbeddingUnavailableException.class)
                    .hasMessageContaining("API_REQUEST_TIMEOUT");
        }
        assertThat(gemini.callCount()).isZero();
        assertThat(RequestDeadline.remaining()).isNull();
    }
}
