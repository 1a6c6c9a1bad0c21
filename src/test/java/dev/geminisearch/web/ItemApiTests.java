package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ItemApiTests extends ApiTestSupport {

    @Test
    void jsonIngestCreatesThenReplaces() {
        ApiClient.Response created = api.postJson("/items", Map.of("id", "puppy-1", "title", "Puppy",
                "parts", List.of(textPart("a puppy on grass"), mediaPart("image/png", MediaFixtures.bytes("puppy.png"))),
                "metadata", Map.of("source", "camera", "year", 2024)));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/items/puppy-1");
        JsonNode item = created.json();
        assertThat(item.get("id").asString()).isEqualTo("puppy-1");
        assertThat(item.get("modalities").toString()).isEqualTo("[\"text\",\"image\"]");
        assertThat(item.get("mimeTypes").toString()).isEqualTo("[\"text/plain\",\"image/png\"]");
        assertThat(item.get("title").asString()).isEqualTo("Puppy");
        assertThat(item.get("metadata").get("year").asInt()).isEqualTo(2024);
        assertThat(item.get("dimensions").asInt()).isEqualTo(3072);
        assertThat(item.get("createdAt").asString()).isNotBlank();
        assertThat(item.get("contentUrl").asString()).isEqualTo("/items/puppy-1/content");
        assertThat(gemini.lastCall().texts()).containsExactly("title: Puppy | text: a puppy on grass");

        ApiClient.Response replaced = api.postJson("/items", Map.of("id", "puppy-1", "parts", List.of(textPart("new"))));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.header("Location")).isNull();
        assertThat(api.get("/items/puppy-1").json().get("modalities").toString()).isEqualTo("[\"text\"]");
        assertThat(storedItemCount()).isEqualTo(1);
    }

    @Test
    void replacingAnItemKeepsItsCreationTime() {
        String createdAt = ingest("same", List.of(textPart("first")), Map.of()).json().get("createdAt").asString();

        ApiClient.Response replaced = ingest("same", List.of(textPart("second")), Map.of());

        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("createdAt").asString()).isEqualTo(createdAt);
    }

    @Test
    void base64WrappedOverSeveralLinesIsAccepted() {
        String wrapped = java.util.Base64.getMimeEncoder().encodeToString(MediaFixtures.bytes("food.jpg"));

        ApiClient.Response response = api.postJson("/items", Map.of("parts", List.of(Map.of("data", wrapped))));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(api.get(response.header("Location") + "/content").body()).isEqualTo(MediaFixtures.bytes("food.jpg"));
    }

    @Test
    void multipartIngestTakesFilesTextsTitleAndMetadata() {
        ApiClient.Response response = api.postMultipart("/items", new ApiClient.Multipart()
                .text("id", "song").text("title", "A tone").text("text", "a short beep")
                .text("metadata", "{\"genre\": \"test\", \"loud\": false}")
                .file("file", "tone.mp3", "audio/mpeg", MediaFixtures.bytes("tone.mp3")));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode item = response.json();
        assertThat(item.get("modalities").toString()).isEqualTo("[\"text\",\"audio\"]");
        assertThat(item.get("metadata").get("loud").asBoolean()).isFalse();
        assertThat(gemini.lastCall().inlineMimeTypes()).containsExactly("audio/mpeg");
    }

    @Test
    void infoDescribesTheStoreAndCountsItems() {
        ingest("one", List.of(textPart("x")), Map.of());

        JsonNode info = api.get("/info").json();

        assertThat(info.get("model").asString()).isEqualTo("gemini-embedding-2");
        assertThat(info.get("dimensions").asInt()).isEqualTo(3072);
        assertThat(info.get("items").asLong()).isEqualTo(1);
        assertThat(info.get("store").asString()).isEqualTo("memory");
        assertThat(info.get("embedding").get("available").asBoolean()).isTrue();
    }

    @Test
    void textItemsCarryASnippetInListsAndSearchResults() {
        ingest("long", List.of(textPart("word ".repeat(200))), Map.of());
        ingest("pic", List.of(mediaPart(null, MediaFixtures.bytes("puppy.png"))), Map.of());

        String snippet = api.get("/items/long").json().get("snippet").asString();
        assertThat(snippet).hasSize(280).endsWith("\u2026");
        assertThat(api.get("/items/pic").json().has("snippet")).isFalse();
        JsonNode hit = api.postJson("/search", Map.of("text", "word", "topK", 1)).json().get("results").get(0);
        assertThat(hit.get("snippet").asString()).isEqualTo(snippet);
    }

    @Test
    void generatedIdWhenNoneIsGiven() {
        ApiClient.Response response = api.postJson("/items", Map.of("parts", List.of(textPart("anonymous"))));

        assertThat(response.status()).isEqualTo(201);
        String id = response.json().get("id").asString();
        assertThat(id).isNotBlank();
        assertThat(response.header("Location")).isEqualTo("/items/" + id);
    }

    @Test
    void getShowsTheVectorOnlyWhenAsked() {
        ingest("v", List.of(textPart("vector please")), Map.of());

        assertThat(api.get("/items/v").json().has("vector")).isFalse();
        JsonNode withVector = api.get("/items/v?includeVector=true").json();
        assertThat(withVector.get("vector").size()).isEqualTo(3072);
        double norm = 0;
        for (JsonNode value : withVector.get("vector")) {
            norm += value.asDouble() * value.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void contentReturnsTheOriginalBytesOfTheFirstMediaPartOrTheText() {
        byte[] png = MediaFixtures.bytes("puppy.png");
        ingest("pic", List.of(textPart("caption"), mediaPart(null, png)), Map.of());
        ingest("note", List.of(textPart("just words")), Map.of());

        ApiClient.Response picture = api.get("/items/pic/content");
        assertThat(picture.status()).isEqualTo(200);
        assertThat(picture.contentType()).isEqualTo("image/png");
        assertThat(picture.body()).isEqualTo(png);

        ApiClient.Response note = api.get("/items/note/content");
        assertThat(note.contentType()).startsWith("text/plain");
        assertThat(note.text()).isEqualTo("just words");
    }

    @Test
    void listPagesThroughEveryItemWithCursorsAndFiltersByModality() {
        for (int i = 0; i < 7; i++) {
            ingest("t" + i, List.of(textPart("text " + i)), Map.of());
        }
        ingest("img", List.of(mediaPart(null, MediaFixtures.bytes("food.jpg"))), Map.of());

        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/items?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            for (JsonNode item : page.get("items")) {
                assertThat(seen.add(item.get("id").asString())).isTrue();
                order.add(item.get("id").asString());
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(seen).hasSize(8);
        assertThat(order).isSorted();
        JsonNode images = api.get("/items?modality=image").json().get("items");
        assertThat(images).hasSize(1);
        assertThat(images.get(0).get("id").asString()).isEqualTo("img");
    }

    @Test
    void deleteRemovesTheItemAndItsContent() {
        ingest("gone", List.of(mediaPart(null, MediaFixtures.bytes("speech.wav"))), Map.of());

        assertThat(api.delete("/items/gone").status()).isEqualTo(204);
        assertThat(api.get("/items/gone").status()).isEqualTo(404);
        assertThat(api.get("/items/gone/content").status()).isEqualTo(404);
        assertThat(api.delete("/items/gone").status()).isEqualTo(404);
    }

    @Test
    void idsWithUnicodeAndPunctuationRoundTrip() {
        ingest("café:2024@home", List.of(textPart("x")), Map.of());

        assertThat(api.get("/items/caf%C3%A9:2024@home").json().get("id").asString()).isEqualTo("café:2024@home");
    }
}
