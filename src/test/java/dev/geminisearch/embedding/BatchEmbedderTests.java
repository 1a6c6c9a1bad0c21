package dev.geminisearch.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentResponse;
import dev.geminisearch.support.FakeGemini;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GeminiEmbedder#embedAll}: texts go to batchEmbedContents, at most 100 a call and at most
 * GEMINI_BATCH_CONCURRENCY calls at once, under the requests-per-minute cap; media go alone.
 */
class BatchEmbedderTests {

    private final FakeGemini gemini = new FakeGemini(16);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final GeminiEmbedder embedder = embedder(4, 4);

    @AfterEach
    void close() throws Exception {
        embedder.close();
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        gemini.close();
    }

    private GeminiEmbedder embedder(int maxConcurrentCalls, int batchConcurrency) {
        GeminiEmbedder made = new GeminiEmbedder(new GeminiProperties(FakeGemini.API_KEY, gemini.baseUrl(), "v1beta",
                "gemini-embedding-2", GeminiProperties.Backend.GEMINI_API, null, "us-central1", Duration.ofSeconds(5),
                maxConcurrentCalls, new GeminiProperties.Retry(3, Duration.ofMillis(10), Duration.ofMillis(40),
                Duration.ofSeconds(10)), 0, GeminiProperties.CircuitBreaker.DEFAULTS, batchConcurrency));
        toClose.add(made);
        return made;
    }

    private static List<EmbeddingRequest> texts(int count) {
        List<EmbeddingRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(new EmbeddingRequest(List.of(new Part.Text("text " + i)), EmbeddingTask.SEARCH_DOCUMENT, "T", 128));
        }
        return requests;
    }

    @Test
    void splitsTextsIntoCallsOfAtMostOneHundredAndKeepsTheOrder() {
        List<EmbeddingRequest> requests = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            requests.add(new EmbeddingRequest(List.of(new Part.Text("text " + i)), EmbeddingTask.SEARCH_DOCUMENT, "T", 768));
        }

        List<float[]> vectors = embedder.embedAll(requests);

        assertThat(gemini.calls()).extracting(FakeGemini.RecordedCall::method).containsExactly("batchEmbedContents", "batchEmbedContents");
        assertThat(gemini.calls()).extracting(call -> call.contents().size()).containsExactlyInAnyOrder(100, 50);
        assertThat(vectors).hasSize(150);
        assertThat(vectors.get(120)).containsExactly(embedder.embed(requests.get(120)));
    }

    @Test
    void mediaAndMultiPartRequestsGoAlone() {
        EmbeddingRequest text = new EmbeddingRequest(List.of(new Part.Text("words")), null, null, 768);
        EmbeddingRequest media = new EmbeddingRequest(List.of(new Part.Media("image/png", new byte[] {1, 2, 3})), null, null, 768);
        EmbeddingRequest twoTexts = new EmbeddingRequest(List.of(new Part.Text("a"), new Part.Text("b")), null, null, 768);

        List<float[]> vectors = embedder.embedAll(List.of(text, media, twoTexts));

        assertThat(vectors).hasSize(3);
        // The SDK sends even one content as batchEmbedContents; what counts is one call per request here.
        assertThat(gemini.calls()).hasSize(3).allSatisfy(call -> assertThat(call.contents()).hasSize(1));
        assertThat(gemini.calls()).filteredOn(call -> call.partCount() == 2).hasSize(1);
        assertThat(vectors.get(1)).containsExactly(embedder.embed(media));
    }

    @Test
    void keepsAtMostTheBatchConcurrencyOfCallsInFlightThoughMoreCallSlotsAreFree() {
        GeminiEmbedder threeAtATime = embedder(8, 3);
        gemini.delayEveryCall(Duration.ofMillis(200));
        List<EmbeddingRequest> requests = texts(1_000);

        List<float[]> vectors = threeAtATime.embedAll(requests);

        assertThat(gemini.calls()).hasSize(10).allSatisfy(call -> {
            assertThat(call.method()).isEqualTo("batchEmbedContents");
            assertThat(call.contents()).hasSize(100);
        });
        assertThat(gemini.peakConcurrentCalls()).isEqualTo(3);
        gemini.delayEveryCall(Duration.ZERO);
        assertThat(vectors).hasSize(1_000);
        assertThat(vectors.get(777)).containsExactly(threeAtATime.embed(requests.get(777)));
    }

    @Test
    void aBatchConcurrencyOfOneMakesTheCallsOneAfterAnother() {
        GeminiEmbedder oneAtATime = embedder(8, 1);
        gemini.delayEveryCall(Duration.ofMillis(50));

        oneAtATime.embedAll(texts(400));

        assertThat(gemini.callCount()).isEqualTo(4);
        assertThat(gemini.peakConcurrentCalls()).isEqualTo(1);
    }

    @Test
    void theCallSlotsBoundTheCallsInFlightWhenTheyAreFewerThanTheBatchConcurrency() {
        GeminiEmbedder twoSlots = embedder(2, 6);
        gemini.delayEveryCall(Duration.ofMillis(100));

        twoSlots.embedAll(texts(600));

        assertThat(gemini.callCount()).isEqualTo(6);
        assertThat(gemini.peakConcurrentCalls()).isEqualTo(2);
    }

    @Test
    void aRejectedCallFailsTheWholeListAndNoFurtherCallStarts() {
        GeminiEmbedder twoAtATime = embedder(8, 2);
        gemini.delayEveryCall(Duration.ofMillis(100));
        gemini.failNext(400, "INVALID_ARGUMENT", "bad input");

        assertThatThrownBy(() -> twoAtATime.embedAll(texts(1_000))).isInstanceOf(EmbeddingRejectedException.class);

        // The failed call and the one in flight beside it, plus at most one the other worker took just before.
        assertThat(gemini.callCount()).isBetween(2, 3);
    }

    // ---- the requests-per-minute cap, with a clock whose sleeps only advance time ----

    private static final class ManualClock implements RetryPolicy.Clock {
        private long now = 1_000_000_000L;
        private Duration slept = Duration.ZERO;

        @Override
        public synchronized long nanoTime() {
            return now;
        }

        @Override
        public synchronized void sleep(Duration duration) {
            slept = slept.plus(duration);
            now += duration.toNanos();
        }

        synchronized Duration slept() {
            return slept;
        }
    }

    private GeminiEmbedder cappedEmbedder(int maxRequestsPerMinute, Duration retryDeadline, ManualClock clock) {
        GeminiEmbedder made = new GeminiEmbedder(new GeminiProperties(FakeGemini.API_KEY, gemini.baseUrl(), "v1beta",
                "gemini-embedding-2", GeminiProperties.Backend.GEMINI_API, null, "us-central1", Duration.ofSeconds(5), 8,
                new GeminiProperties.Retry(1, Duration.ofMillis(10), Duration.ofMillis(40), retryDeadline),
                // One batch call at a time, so that the manual clock's sleeps happen in a fixed order.
                maxRequestsPerMinute, GeminiProperties.CircuitBreaker.DEFAULTS, 1), new SimpleMeterRegistry(), clock);
        toClose.add(made);
        return made;
    }

    @Test
    void batchCallsTakeRequestsPerMinuteTokensAndWaitForOneWithinTheRetryDeadline() {
        ManualClock clock = new ManualClock();
        GeminiEmbedder capped = cappedEmbedder(2, Duration.ofSeconds(45), clock);

        List<float[]> vectors = capped.embedAll(texts(250));

        assertThat(vectors).hasSize(250);
        assertThat(gemini.callCount()).isEqualTo(3);
        // Two a minute: the second and third calls each waited ~30 s for their token instead of failing.
        assertThat(clock.slept()).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(62));
    }

    @Test
    void aBatchCallWhoseTokenComesAfterTheRetryDeadlineFailsTheListAsQuotaExhausted() {
        ManualClock clock = new ManualClock();
        GeminiEmbedder capped = cappedEmbedder(2, Duration.ofSeconds(10), clock);

        assertThatThrownBy(() -> capped.embedAll(texts(250))).isInstanceOf(EmbeddingQuotaExceededException.class)
                .hasMessageContaining("GEMINI_MAX_REQUESTS_PER_MINUTE");

        assertThat(gemini.callCount()).isEqualTo(1);
    }

    // ---- BatchEmbedder alone, with calls that report where and when they ran ----

    private static EmbedContentResponse answer(int texts, int dimensions) {
        List<ContentEmbedding> embeddings = new ArrayList<>();
        for (int i = 0; i < texts; i++) {
            embeddings.add(ContentEmbedding.builder().values(Collections.nCopies(dimensions, 1f)).build());
        }
        return EmbedContentResponse.builder().embeddings(embeddings).build();
    }

    @Test
    void everyCallRunsWithinTheCallersRequestDeadlineOnWhicheverThreadItRuns() throws Exception {
        int concurrency = 3;
        CountDownLatch allInFlight = new CountDownLatch(concurrency);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Duration> deadlinesSeen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (BatchEmbedder batches = new BatchEmbedder(false, request -> {
            throw new AssertionError("texts only");
        }, (texts, dimensions) -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                threads.add(Thread.currentThread().getName());
                deadlinesSeen.add(RequestDeadline.remaining());
                // The first three calls wait for each other, so each of the three workers makes one.
                allInFlight.countDown();
                allInFlight.await(10, TimeUnit.SECONDS);
                return answer(texts.size(), dimensions);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }, concurrency, 8);
             RequestDeadline ignored = RequestDeadline.start(Duration.ofMinutes(5))) {

            List<float[]> vectors = batches.embedAll(texts(1_000));

            assertThat(vectors).hasSize(1_000).allSatisfy(vector -> assertThat(vector).hasSize(128));
        }
        assertThat(allInFlight.getCount()).isZero();
        assertThat(peak.get()).isEqualTo(concurrency);
        assertThat(threads).hasSize(concurrency).contains(Thread.currentThread().getName());
        assertThat(deadlinesSeen).hasSize(10).allSatisfy(left -> assertThat(left).isNotNull()
                .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5)));
    }
}
