package dev.geminisearch.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.support.FakeGemini;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiEmbedderTests {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    private static final byte[] MP3 = {'I', 'D', '3', 4, 5, 6};

    private final FakeGemini gemini = new FakeGemini();

    @AfterEach
    void stopFake() {
        gemini.close();
    }

    private GeminiEmbedder embedder(String model, String apiVersion, String apiKey, Duration callTimeout) {
        return new GeminiEmbedder(new GeminiProperties(apiKey, gemini.baseUrl(), apiVersion, model,
                GeminiProperties.Backend.GEMINI_API, null, "us-central1", callTimeout, 4,
                new GeminiProperties.Retry(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10))));
    }

    private GeminiEmbedder embedder() {
        return embedder("gemini-embedding-2", "v1beta", FakeGemini.API_KEY, Duration.ofSeconds(5));
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    @Test
    void searchQueryTaskIsWrittenIntoThePromptNotSentAsTaskType() {
        float[] vector = embedder().embed(new EmbeddingRequest(List.of(new Part.Text("a puppy")),
                EmbeddingTask.SEARCH_QUERY, null, 768));

        assertThat(vector).hasSize(768);
        assertThat(norm(vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        FakeGemini.RecordedCall call = gemini.lastCall();
        assertThat(call.texts()).containsExactly("task: search result | query: a puppy");
        assertThat(call.taskType()).isNull();
        assertThat(call.outputDimensionality()).isEqualTo(768);
        assertThat(call.apiKey()).isEqualTo(FakeGemini.API_KEY);
        assertThat(call.model()).isEqualTo("gemini-embedding-2");
    }

    @Test
    void documentTaskUsesTitleOrNone() {
        GeminiEmbedder embedder = embedder();
        embedder.embed(new EmbeddingRequest(List.of(new Part.Text("hello")), EmbeddingTask.SEARCH_DOCUMENT, "Greeting", 128));
        assertThat(gemini.lastCall().texts()).containsExactly("title: Greeting | text: hello");

        embedder.embed(new EmbeddingRequest(List.of(new Part.Text("hello")), EmbeddingTask.SEARCH_DOCUMENT, null, 128));
        assertThat(gemini.lastCall().texts()).containsExactly("title: none | text: hello");
    }

    @Test
    void withoutTaskThePartsAreSentExactlyAsGivenAsOneContent() {
        embedder().embed(new EmbeddingRequest(List.of(new Part.Media("image/png", PNG), new Part.Text("my dog"),
                new Part.Media("audio/mpeg", MP3)), null, null, 3072));

        FakeGemini.RecordedCall call = gemini.lastCall();
        assertThat(gemini.callCount()).isEqualTo(1);
        assertThat(call.contents()).hasSize(1);
        assertThat(call.partCount()).isEqualTo(3);
        assertThat(call.texts()).containsExactly("my dog");
        assertThat(call.inlineMimeTypes()).containsExactly("image/png", "audio/mpeg");
    }

    @Test
    void mediaQueryGetsThePromptPartBeforeTheMedia() {
        embedder().embed(new EmbeddingRequest(List.of(new Part.Media("image/png", PNG)), EmbeddingTask.SEARCH_QUERY, null, 768));

        assertThat(gemini.lastCall().texts()).containsExactly("task: search result | query: ");
        assertThat(gemini.lastCall().inlineMimeTypes()).containsExactly("image/png");
    }

    @Test
    void vectorsAreNormalisedEvenWhenGeminiReturnsLongerOnes() {
        gemini.scaleVectorsBy(3f);

        float[] vector = embedder().embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 256));

        assertThat(norm(vector)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v1beta"})
    void apiVersionIsConfigurable(String version) {
        embedder("gemini-embedding-2", version, FakeGemini.API_KEY, Duration.ofSeconds(5))
                .embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128));

        assertThat(gemini.lastCall().apiVersion()).isEqualTo(version);
    }

    @Test
    void legacyModelGetsTaskTypeInsteadOfPrompt() {
        embedder("gemini-embedding-001", "v1beta", FakeGemini.API_KEY, Duration.ofSeconds(5))
                .embed(new EmbeddingRequest(List.of(new Part.Text("query text")), EmbeddingTask.SEARCH_QUERY, null, 768));

        assertThat(gemini.lastCall().texts()).containsExactly("query text");
        assertThat(gemini.lastCall().taskType()).isEqualTo("RETRIEVAL_QUERY");
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        gemini.failNext(2, 503, "UNAVAILABLE", "overloaded");

        float[] vector = embedder().embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128));

        assertThat(vector).hasSize(128);
        assertThat(gemini.callCount()).isEqualTo(3);
    }

    @Test
    void quotaErrorsHonourGeminisSuggestedDelayAndSucceed() {
        gemini.failNext(429, "RESOURCE_EXHAUSTED", "Quota exceeded. Please retry in 0.05s.");

        embedder().embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128));

        assertThat(gemini.callCount()).isEqualTo(2);
    }

    @Test
    void quotaExhaustedAfterAllAttemptsBecomesQuotaExceptionWithRetryAfter() {
        gemini.failNext(3, 429, "RESOURCE_EXHAUSTED", "Quota exceeded. Please retry in 0.02s.");

        assertThatThrownBy(() -> embedder().embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128)))
                .isInstanceOfSatisfying(EmbeddingQuotaExceededException.class,
                        e -> assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1)))
                .hasMessageContaining("RESOURCE_EXHAUSTED");
        assertThat(gemini.callCount()).isEqualTo(3);
    }

    @Test
    void persistentServerErrorsBecomeUnavailableAfterExactlyTheConfiguredAttempts() {
        gemini.failNext(5, 500, "INTERNAL", "boom");

        assertThatThrownBy(() -> embedder().embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128)))
                .isInstanceOf(EmbeddingUnavailableException.class)
                .hasMessageContaining("after 3 attempts");
        assertThat(gemini.callCount()).as("SDK retries are off, so attempts are not multiplied").isEqualTo(3);
    }

    @Test
    void invalidArgumentIsNotRetried() {
        gemini.failNext(400, "INVALID_ARGUMENT", "Unsupported MIME type");

        assertThatThrownBy(() -> embedder().embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128)))
                .isInstanceOf(EmbeddingRejectedException.class)
                .hasMessageContaining("Unsupported MIME type");
        assertThat(gemini.callCount()).isEqualTo(1);
    }

    @Test
    void wrongApiKeyIsAnUpstreamFailureNotAClientError() {
        GeminiEmbedder embedder = embedder("gemini-embedding-2", "v1beta", "wrong-key", Duration.ofSeconds(5));

        assertThatThrownBy(() -> embedder.embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128)))
                .isInstanceOf(EmbeddingUnavailableException.class)
                .hasMessageContaining("API key");
        assertThat(gemini.callCount()).isEqualTo(1);
    }

    @Test
    void slowRepliesTimeOutAndAreRetried() {
        gemini.delayNext(Duration.ofSeconds(3));

        float[] vector = embedder("gemini-embedding-2", "v1beta", FakeGemini.API_KEY, Duration.ofMillis(300))
                .embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128));

        assertThat(vector).hasSize(128);
        assertThat(gemini.callCount()).isEqualTo(2);
    }

    @Test
    void unconfiguredEmbedderRefusesWithTheReason() {
        Embedder embedder = new UnconfiguredEmbedder("gemini-embedding-2", "GEMINI_API_KEY is not set");

        assertThat(embedder.status().available()).isFalse();
        assertThatThrownBy(() -> embedder.embed(new EmbeddingRequest(List.of(new Part.Text("x")), null, null, 128)))
                .isInstanceOf(EmbedderNotConfiguredException.class)
                .hasMessage("GEMINI_API_KEY is not set");
    }
}
