package dev.geminisearch.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.FakeGemini;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link GeminiEmbedder#embedAll}: texts go to batchEmbedContents, at most 100 a call; media go alone. */
class BatchEmbedderTests {

    private final FakeGemini gemini = new FakeGemini();
    private final GeminiEmbedder embedder = new GeminiEmbedder(new GeminiProperties(FakeGemini.API_KEY, gemini.baseUrl(), "v1beta",
            "gemini-embedding-2", GeminiProperties.Backend.GEMINI_API, null, "us-central1", Duration.ofSeconds(5), 4,
            new GeminiProperties.Retry(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(10))));

    @AfterEach
    void close() {
        embedder.close();
        gemini.close();
    }

    @Test
    void splitsTextsIntoCallsOfAtMostOneHundredAndKeepsTheOrder() {
        List<EmbeddingRequest> requests = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            requests.add(new EmbeddingRequest(List.of(new Part.Text("text " + i)), EmbeddingTask.SEARCH_DOCUMENT, "T", 768));
        }

        List<float[]> vectors = embedder.embedAll(requests);

        assertThat(gemini.calls()).extracting(FakeGemini.RecordedCall::method).containsExactly("batchEmbedContents", "batchEmbedContents");
        assertThat(gemini.calls().get(0).contents()).hasSize(100);
        assertThat(gemini.calls().get(1).contents()).hasSize(50);
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
    }
}
