package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EmbeddingApiTests extends ApiTestSupport {

    private static double norm(JsonNode values) {
        double sum = 0;
        for (JsonNode value : values) {
            sum += value.asDouble() * value.asDouble();
        }
        return Math.sqrt(sum);
    }

    @Test
    void sentenceEmbedsToAUnitVectorOfTheConfiguredSizeWithPartsSentAsGiven() {
        JsonNode response = api.postJson("/embeddings", Map.of("parts", List.of(textPart("What is the meaning of life?"))))
                .json();

        assertThat(response.get("model").asString()).isEqualTo("gemini-embedding-2");
        assertThat(response.get("dimensions").asInt()).isEqualTo(3072);
        assertThat(response.get("values").size()).isEqualTo(3072);
        assertThat(norm(response.get("values"))).isCloseTo(1.0, Offset.offset(1e-4));
        assertThat(gemini.lastCall().texts()).containsExactly("What is the meaning of life?");
    }

    @Test
    void requestedDimensionsAreSentToGeminiAndReturned() {
        JsonNode response = api.postJson("/embeddings", Map.of("parts", List.of(textPart("x")), "dimensions", 768)).json();

        assertThat(response.get("values").size()).isEqualTo(768);
        assertThat(gemini.lastCall().outputDimensionality()).isEqualTo(768);
        assertThat(norm(response.get("values"))).isCloseTo(1.0, Offset.offset(1e-4));
    }

    @Test
    void imageCaptionAndAudioGiveOneVectorFromOneRequest() {
        JsonNode response = api.postJson("/embeddings", Map.of("parts", List.of(
                mediaPart("image/png", MediaFixtures.bytes("puppy.png")), textPart("my dog"),
                mediaPart("audio/wav", MediaFixtures.bytes("speech.wav"))))).json();

        assertThat(response.get("values").size()).isEqualTo(3072);
        assertThat(gemini.callCount()).isEqualTo(1);
        assertThat(gemini.lastCall().contents()).hasSize(1);
        assertThat(gemini.lastCall().partCount()).isEqualTo(3);
        assertThat(gemini.lastCall().inlineMimeTypes()).containsExactly("image/png", "audio/wav");
    }

    @Test
    void multipartUploadEmbedsFilesAndTextsTogether() {
        JsonNode response = api.postMultipart("/embeddings", new ApiClient.Multipart()
                .text("text", "a beep").text("dimensions", "256").text("task", "search-query")
                .file("file", "tone.mp3", "audio/mpeg", MediaFixtures.bytes("tone.mp3"))).json();

        assertThat(response.get("dimensions").asInt()).isEqualTo(256);
        assertThat(gemini.lastCall().texts()).containsExactly("task: search result | query: a beep");
        assertThat(gemini.lastCall().inlineMimeTypes()).containsExactly("audio/mpeg");
    }

    @Test
    void eachTaskWritesItsDocumentedPrompt() {
        Map<String, String> prompts = Map.of(
                "search-query", "task: search result | query: hi",
                "search-document", "title: none | text: hi",
                "fact-checking", "task: fact checking | query: hi",
                "code-retrieval", "task: code retrieval | query: hi",
                "classification", "task: classification | query: hi",
                "clustering", "task: clustering | query: hi",
                "semantic-similarity", "task: sentence similarity | query: hi");
        prompts.forEach((task, prompt) -> {
            api.postJson("/embeddings", Map.of("parts", List.of(textPart("hi")), "task", task, "dimensions", 128));
            assertThat(gemini.lastCall().texts()).as(task).containsExactly(prompt);
        });
    }

    @Test
    void mediaTypeIsSniffedWhenNotDeclaredAndSentAsTheCanonicalType() {
        api.postJson("/embeddings", Map.of("parts", List.of(mediaPart(null, MediaFixtures.bytes("clip.mov")),
                mediaPart("audio/x-wav", MediaFixtures.bytes("speech.wav")),
                mediaPart(null, MediaFixtures.bytes("three-pages.pdf")))));

        assertThat(gemini.lastCall().inlineMimeTypes()).containsExactly("video/quicktime", "audio/wav", "application/pdf");
    }
}
