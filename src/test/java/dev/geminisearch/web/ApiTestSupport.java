package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.search.EmbeddingService;
import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.FakeGemini;
import dev.geminisearch.support.SharedFakeGemini;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the API tests: the packaged application on a random port, an in-memory store (unless a
 * subclass picks another), and the
 * real SDK talking to the shared fake Gemini. Every test starts with an empty store and a fake
 * with no recorded calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "store.type=memory")
abstract class ApiTestSupport {

    protected final FakeGemini gemini = SharedFakeGemini.get();
    protected ApiClient api;

    @LocalServerPort
    private int port;

    @Autowired
    private EmbeddingService embeddings;

    @DynamicPropertySource
    static void pointAtFakeGemini(DynamicPropertyRegistry registry) {
        // The store stays a plain property, so that a subclass's own @DynamicPropertySource can switch it.
        SharedFakeGemini.registerGemini(registry);
    }

    @BeforeEach
    void startClean() {
        api = new ApiClient("http://localhost:" + port);
        deleteAllItems();
        // The context outlives a test; a vector cached by an earlier test would hide the calls this one expects.
        embeddings.clearCache();
        gemini.reset();
    }

    private void deleteAllItems() {
        for (JsonNode item : api.get("/items?limit=1000").json().get("items")) {
            api.delete("/items/" + item.get("id").asString());
        }
    }

    protected static Map<String, Object> textPart(String text) {
        return Map.of("text", text);
    }

    protected static Map<String, Object> mediaPart(String mimeType, byte[] data) {
        return mimeType == null ? Map.of("data", Base64.getEncoder().encodeToString(data))
                : Map.of("mimeType", mimeType, "data", Base64.getEncoder().encodeToString(data));
    }

    protected ApiClient.Response ingest(String id, List<Map<String, Object>> parts, Map<String, Object> metadata) {
        ApiClient.Response response = api.postJson("/items", Map.of("id", id, "parts", parts, "metadata", metadata));
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
        return response;
    }

    /** Asserts an RFC 9457 problem with this status whose detail mentions the given words. */
    protected static JsonNode assertProblem(ApiClient.Response response, int status, String... detailWords) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith("urn:problem-type:gemini-search:");
        assertThat(problem.get("title").asString()).isNotBlank();
        if (detailWords.length > 0) {
            assertThat(problem.get("detail").asString()).contains(detailWords);
        }
        assertThat(response.text()).doesNotContain("Exception", "java.", "at dev.");
        return problem;
    }

    protected long storedItemCount() {
        return api.get("/items?limit=1000").json().get("items").size();
    }
}
