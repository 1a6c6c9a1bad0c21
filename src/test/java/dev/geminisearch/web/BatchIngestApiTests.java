package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /items:batch}: per-item results, text items embedded together, multipart uploads. */
class BatchIngestApiTests extends ApiTestSupport {

    @Test
    void mixedGoodAndBadItemsGetTheirOwnStatusesAndOnlyGoodOnesAreStored() {
        ingest("existing", List.of(textPart("old words")), Map.of());
        List<Object> items = new ArrayList<>();
        items.add(Map.of("id", "new-text", "parts", List.of(textPart("a red bicycle")), "metadata", Map.of("n", 1)));
        items.add(Map.of("id", "../bad id", "parts", List.of(textPart("bad id"))));
        items.add(Map.of("id", "existing", "parts", List.of(textPart("new words"))));
        items.add(Map.of("id", "bad-base64", "parts", List.of(Map.of("data", "not base64!"))));
        items.add(Map.of("id", "pic", "parts", List.of(mediaPart(null, MediaFixtures.bytes("puppy.png")))));
        items.add(Map.of("id", "junk", "parts", List.of(mediaPart(null, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))));
        items.add(Map.of("id", "no-parts", "parts", List.of()));
        Map<String, Object> nested = new HashMap<>();
        nested.put("id", "nested");
        nested.put("parts", List.of(textPart("x")));
        nested.put("metadata", Map.of("deep", Map.of("no", 1)));
        items.add(nested);
        gemini.reset();

        ApiClient.Response response = api.postJson("/items:batch", Map.of("items", items));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode results = response.json().get("results");
        assertThat(results).hasSize(8);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
            statuses.add(results.get(i).get("status").asInt());
        }
        assertThat(statuses).containsExactly(201, 400, 200, 400, 201, 415, 400, 400);
        assertThat(results.get(0).get("item").get("id").asString()).isEqualTo("new-text");
        assertThat(results.get(1).get("problem").get("type").asString()).startsWith("urn:problem-type:gemini-search:");
        assertThat(results.get(3).get("problem").get("detail").asString()).contains("items[3].parts[0].data");
        assertThat(results.get(5).has("item")).isFalse();
        assertThat(response.text()).doesNotContain("Exception", "java.");
        assertThat(storedItemCount()).isEqualTo(3);
        assertThat(api.get("/items/existing").json().get("snippet").asString()).isEqualTo("new words");
        assertThat(api.get("/items/junk").status()).isEqualTo(404);
    }

    @Test
    void thirtyTextItemsMakeOneGeminiCall() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(Map.of("id", "t" + i, "parts", List.of(textPart("text number " + i)), "title", "T" + i));
        }

        ApiClient.Response response = api.postJson("/items:batch", Map.of("items", items));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("results")).allSatisfy(result -> assertThat(result.get("status").asInt()).isEqualTo(201));
        assertThat(gemini.callCount()).isEqualTo(1);
        assertThat(gemini.lastCall().method()).isEqualTo("batchEmbedContents");
        assertThat(gemini.lastCall().contents()).hasSize(30);
        assertThat(gemini.lastCall().outputDimensionality()).isEqualTo(3072);
        assertThat(storedItemCount()).isEqualTo(30);
        // A batch-made vector is the vector a single ingest makes: searching finds the right item first.
        JsonNode hit = api.postJson("/search", Map.of("text", "text number 17", "topK", 1)).json().get("results").get(0);
        assertThat(hit.get("id").asString()).isEqualTo("t17");
    }

    @Test
    void batchVectorsEqualSingleIngestVectors() {
        api.postJson("/items:batch", Map.of("items", List.of(Map.of("id", "batched", "parts", List.of(textPart("same text")),
                "title", "Same"))));
        api.postJson("/items", Map.of("id", "single", "parts", List.of(textPart("same text ")), "title", "Same"));
        api.postJson("/items", Map.of("id", "single", "parts", List.of(textPart("same text")), "title", "Same"));

        assertThat(gemini.callCount()).as("the second single ingest is a cache hit").isEqualTo(2);
        assertThat(api.get("/items/batched?includeVector=true").json().get("vector"))
                .isEqualTo(api.get("/items/single?includeVector=true").json().get("vector"));
    }

    @Test
    void aFailedBatchCallFailsItsTextItemsAndStoresNothing() {
        gemini.failNext(3, 503, "UNAVAILABLE", "overloaded");
        List<Object> items = List.of(Map.of("id", "a", "parts", List.of(textPart("one"))),
                Map.of("id", "b", "parts", List.of(textPart("two"))));

        JsonNode results = api.postJson("/items:batch", Map.of("items", items)).json().get("results");

        assertThat(results).allSatisfy(result -> assertThat(result.get("status").asInt()).isEqualTo(502));
        assertThat(storedItemCount()).isZero();
    }

    @Test
    void moreThanOneHundredItemsIsABadRequest() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            items.add(Map.of("parts", List.of(textPart("t" + i))));
        }

        assertProblem(api.postJson("/items:batch", Map.of("items", items)), 400, "100");
        assertThat(gemini.callCount()).isZero();
    }

    @Test
    void multipartBatchStoresOneItemPerFileTitledByItsName() {
        ApiClient.Response response = api.postMultipart("/items:batch", new ApiClient.Multipart()
                .file("file", "puppy.png", "image/png", MediaFixtures.bytes("puppy.png"))
                .file("file", "junk.bin", "application/octet-stream", new byte[] {9, 9, 9, 9, 9, 9, 9, 9})
                .file("file", "food.jpg", null, MediaFixtures.bytes("food.jpg"))
                .text("metadata", "{\"album\": \"summer\"}"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode results = response.json().get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(1).get("status").asInt()).isEqualTo(415);
        assertThat(results.get(2).get("status").asInt()).isEqualTo(201);
        JsonNode puppy = results.get(0).get("item");
        assertThat(puppy.get("title").asString()).isEqualTo("puppy.png");
        assertThat(puppy.get("metadata").get("album").asString()).isEqualTo("summer");
        assertThat(api.get("/items?filter=" + java.net.URLEncoder.encode("album == 'summer'", java.nio.charset.StandardCharsets.UTF_8))
                .json().get("items")).hasSize(2);
    }

    @Test
    void multipartBatchWithoutFilesIsABadRequest() {
        assertProblem(api.postMultipart("/items:batch", new ApiClient.Multipart().text("metadata", "{}")), 400, "file");
    }

    @Test
    void batchPathIsNotTakenForAnItemId() {
        assertThat(api.get("/items:batch").status()).isIn(404, 405);
        assertThat(api.postJson("/items/x:batch", Map.of("items", List.of())).status()).isIn(404, 405);
    }
}
