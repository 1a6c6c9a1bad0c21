package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Ranking across modalities with the fake's word-based vectors, filters, minScore and item queries. */
class SearchApiTests extends ApiTestSupport {

    @BeforeEach
    void ingestALibrary() {
        gemini.describe(MediaFixtures.bytes("puppy.png"), "puppy dog animal");
        gemini.describe(MediaFixtures.bytes("food.jpg"), "pizza food dinner");
        gemini.describe(MediaFixtures.bytes("speech.wav"), "dog barking animal sound");
        gemini.describe(MediaFixtures.bytes("tone.mp3"), "beep tone electronic");
        ingest("puppy", List.of(mediaPart(null, MediaFixtures.bytes("puppy.png"))), Map.of("kind", "pet", "year", 2024));
        ingest("pizza", List.of(mediaPart(null, MediaFixtures.bytes("food.jpg"))), Map.of("kind", "meal", "year", 2023));
        ingest("bark", List.of(mediaPart(null, MediaFixtures.bytes("speech.wav"))), Map.of("kind", "pet", "year", 2024));
        ingest("beep", List.of(mediaPart(null, MediaFixtures.bytes("tone.mp3"))), Map.of("kind", "noise"));
        ingest("recipe", List.of(textPart("how to bake pizza dough for dinner")), Map.of("kind", "meal"));
        gemini.reset();
    }

    private static List<String> ids(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.get("results").forEach(result -> ids.add(result.get("id").asString()));
        return ids;
    }

    @Test
    void textQueryFindsImagesAndAudioAcrossModalities() {
        JsonNode response = api.postJson("/search", Map.of("text", "an image of an animal", "topK", 2)).json();

        assertThat(ids(response)).containsExactlyInAnyOrder("puppy", "bark");
        assertThat(response.get("model").asString()).isEqualTo("gemini-embedding-2");
        assertThat(response.get("dimensions").asInt()).isEqualTo(3072);
        assertThat(response.get("tookMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(gemini.lastCall().texts()).containsExactly("task: search result | query: an image of an animal");
    }

    @Test
    void resultsAreSortedByScoreAndCarryTheirDescription() {
        JsonNode results = api.postJson("/search", Map.of("text", "an image of food", "topK", 5)).json().get("results");

        assertThat(results.get(0).get("id").asString()).isIn("pizza", "recipe");
        double previous = Double.MAX_VALUE;
        for (JsonNode result : results) {
            assertThat(result.get("score").asDouble()).isLessThanOrEqualTo(previous);
            previous = result.get("score").asDouble();
        }
        JsonNode first = results.get(0);
        assertThat(first.get("contentUrl").asString()).isEqualTo("/items/" + first.get("id").asString() + "/content");
        assertThat(first.get("metadata").get("kind").asString()).isEqualTo("meal");
        assertThat(first.has("modalities") && first.has("mimeTypes")).isTrue();
    }

    @Test
    void uploadedFileQueryFindsTheSameConcept() {
        byte[] secondPuppy = MediaFixtures.bytes("clip.mp4");
        gemini.describe(secondPuppy, "puppy dog");

        JsonNode response = api.postMultipart("/search", new ApiClient.Multipart()
                .file("file", "puppy2.mp4", "video/mp4", secondPuppy).text("topK", "1")).json();

        assertThat(ids(response)).containsExactly("puppy");
        assertThat(gemini.lastCall().inlineMimeTypes()).containsExactly("video/mp4");
    }

    @Test
    void textAndFileCombineIntoOneCompositeQuery() {
        api.postMultipart("/search", new ApiClient.Multipart().text("text", "with cheese")
                .file("file", "q.jpg", "image/jpeg", MediaFixtures.bytes("food.jpg")));

        assertThat(gemini.callCount()).isEqualTo(1);
        assertThat(gemini.lastCall().contents()).hasSize(1);
        assertThat(gemini.lastCall().texts()).containsExactly("task: search result | query: with cheese");
        assertThat(gemini.lastCall().inlineMimeTypes()).containsExactly("image/jpeg");
    }

    @Test
    void searchByStoredItemCostsNoGeminiCallAndLeavesTheItemOut() {
        JsonNode response = api.postJson("/search", Map.of("itemId", "puppy", "topK", 2)).json();

        assertThat(ids(response)).doesNotContain("puppy").first().isEqualTo("bark");
        assertThat(response.get("results")).hasSize(2);
        assertThat(gemini.callCount()).isZero();
    }

    @Test
    void modalityAndMetadataFiltersRestrictResults() {
        assertThat(ids(api.postJson("/search", Map.of("text", "animal", "filter", Map.of("modality", "audio"))).json()))
                .containsExactlyInAnyOrder("bark", "beep");
        assertThat(ids(api.postJson("/search", Map.of("text", "animal",
                "filter", Map.of("metadata", Map.of("kind", "pet", "year", 2024)))).json()))
                .containsExactlyInAnyOrder("puppy", "bark");
        assertThat(ids(api.postMultipart("/search", new ApiClient.Multipart().text("text", "animal")
                .text("modality", "image")).json())).containsExactly("puppy", "pizza");
    }

    @Test
    void minScoreDropsWeakMatches() {
        JsonNode all = api.postJson("/search", Map.of("text", "animal", "topK", 10)).json().get("results");
        double threshold = (all.get(1).get("score").asDouble() + all.get(2).get("score").asDouble()) / 2;

        JsonNode strong = api.postJson("/search", Map.of("text", "animal", "minScore", threshold)).json();

        assertThat(ids(strong)).hasSize(2).allSatisfy(id -> assertThat(id).isIn("puppy", "bark"));
    }

    @Test
    void deletedItemsAreNeverReturned() {
        api.delete("/items/puppy");

        assertThat(ids(api.postJson("/search", Map.of("text", "animal puppy", "topK", 10)).json())).doesNotContain("puppy");
    }

    @Test
    void otherQueryTasksChangeOnlyThePrompt() {
        api.postJson("/search", Map.of("text", "who barks?", "task", "question-answering"));

        assertThat(gemini.lastCall().texts()).containsExactly("task: question answering | query: who barks?");
    }
}
