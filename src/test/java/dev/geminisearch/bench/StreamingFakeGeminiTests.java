package dev.geminisearch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.EmbeddingRequest;
import dev.geminisearch.embedding.GeminiEmbedder;
import dev.geminisearch.embedding.GeminiProperties;
import dev.geminisearch.embedding.Part;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The benchmark's streaming Gemini stand-in, driven by the service's real embedder (and so the real SDK). */
class StreamingFakeGeminiTests {

    private final StreamingFakeGemini gemini = startFake();

    private static StreamingFakeGemini startFake() {
        try {
            return new StreamingFakeGemini(0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopFake() {
        gemini.close();
    }

    private GeminiEmbedder embedder(String apiKey) {
        return new GeminiEmbedder(new GeminiProperties(apiKey, gemini.baseUrl(), "v1beta", "gemini-embedding-2",
                GeminiProperties.Backend.GEMINI_API, null, "us-central1", Duration.ofSeconds(20), 4,
                new GeminiProperties.Retry(1, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10))));
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    private static float[] embedVideo(GeminiEmbedder embedder, byte[] video, int dimensions) {
        return embedder.embed(new EmbeddingRequest(List.of(new Part.Media("video/mp4", video)), EmbeddingTask.SEARCH_DOCUMENT,
                "clip", dimensions));
    }

    @Test
    void answersTheSdkWithAUnitVectorOfTheAskedSizeAndCountsTheDecodedMediaBytes() throws Exception {
        byte[] video = randomBytes(3 * 1024 * 1024 + 7, 1);

        float[] vector = embedVideo(embedder(StreamingFakeGemini.API_KEY), video, 768);

        assertThat(vector).hasSize(768);
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        String stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gemini.baseUrl() + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(stats).contains("calls=1 ", "contents=1 ", "inlineBytes=" + video.length + " ",
                "maxInlineBytes=" + video.length + " ");
        // base64 makes the body a third larger than the media
        long requestBytes = Long.parseLong(stats.replaceAll("(?s).*requestBytes=(\\d+).*", "$1"));
        assertThat(requestBytes).isGreaterThan(video.length * 4L / 3);
    }

    @Test
    void theSameInputGetsTheSameVectorAndOtherBytesAnother() {
        GeminiEmbedder embedder = embedder(StreamingFakeGemini.API_KEY);
        byte[] video = randomBytes(1000, 2);
        byte[] other = video.clone();
        other[999] ^= 1;

        float[] first = embedVideo(embedder, video, 3072);

        assertThat(embedVideo(embedder, video, 3072)).containsExactly(first);
        assertThat(Arrays.equals(embedVideo(embedder, other, 3072), first)).isFalse();
        assertThat(gemini.stats()).contains("contents=3 ");
    }

    @Test
    void rejectsAWrongApiKeyAsGeminiDoes() {
        assertThatThrownBy(() -> embedVideo(embedder("wrong-key"), randomBytes(100, 3), 768))
                .isInstanceOf(RuntimeException.class);
        assertThat(gemini.stats()).contains("calls=1 ");
    }
}
