package dev.geminisearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.FakeGemini;
import dev.geminisearch.support.MediaFixtures;
import dev.geminisearch.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service re-indexes a populated file store from 3072 to 768 dimensions while searches
 * keep answering, and afterwards starts with EMBEDDING_DIMENSIONS=768.
 */
class ReindexIntegrationTests {

    private final FakeGemini gemini = new FakeGemini();

    @TempDir
    Path work;

    @AfterEach
    void stopFake() {
        gemini.close();
    }

    private ServiceProcess start(String logName, int dimensions) {
        return ServiceProcess.start(Map.of(
                "STORE_TYPE", "file",
                "STORE_PATH", work.resolve("data").toString(),
                "GEMINI_BASE_URL", gemini.baseUrl(),
                "GEMINI_API_KEY", FakeGemini.API_KEY,
                "EMBEDDING_DIMENSIONS", Integer.toString(dimensions)), work.resolve(logName));
    }

    @Test
    void reindexesWhileSearchesKeepAnsweringThenStartsWithTheNewSize() throws Exception {
        byte[] png = MediaFixtures.bytes("puppy.png");
        gemini.describe(png, "puppy dog animal");
        try (ServiceProcess service = start("before.log", 3072).awaitReady()) {
            ApiClient api = new ApiClient(service.baseUrl());
            assertThat(api.postJson("/items", Map.of("id", "puppy", "parts",
                    List.of(Map.of("data", Base64.getEncoder().encodeToString(png))))).status()).isEqualTo(201);
            for (int i = 0; i < 60; i++) {
                assertThat(api.postJson("/items", Map.of("id", "note-" + i, "title", "Note " + i,
                        "parts", List.of(Map.of("text", "note number " + i + (i % 10 == 0 ? " about a dog" : ""))),
                        "metadata", Map.of("n", i))).status()).isEqualTo(201);
            }

            JsonNode started = api.postJson("/admin/reindex", Map.of("dimensions", 768, "requestsPerMinute", 6000)).json();
            assertThat(started.get("state").asString()).isEqualTo("running");
            assertThat(started.get("total").asLong()).isEqualTo(61);

            // Searches and writes keep working while the new index is built.
            List<Integer> searchStatuses = new ArrayList<>();
            assertThat(api.postJson("/items", Map.of("id", "late", "parts", List.of(Map.of("text", "written during the re-index")))
            ).status()).isEqualTo(201);
            assertThat(api.delete("/items/note-59").status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
                searchStatuses.add(api.postJson("/search", Map.of("itemId", "note-0", "topK", 3)).status());
                searchStatuses.add(api.postJson("/search", Map.of("text", "a dog", "topK", 3)).status());
                return api.get("/admin/reindex").json().get("state").asString().equals("succeeded");
            });
            assertThat(searchStatuses).isNotEmpty().containsOnly(200);

            assertThat(api.get("/info").json().get("dimensions").asInt()).isEqualTo(768);
            assertThat(api.get("/items/late").json().get("dimensions").asInt()).isEqualTo(768);
            assertThat(api.get("/items/note-59").status()).isEqualTo(404);
            assertThat(api.get("/items/puppy/content").body()).isEqualTo(png);
            assertThat(api.postJson("/search", Map.of("text", "an animal", "topK", 1)).json()
                    .get("results").get(0).get("id").asString()).isEqualTo("puppy");
        }
        assertThat(Files.readString(work.resolve("data").resolve("store.properties"))).contains("dimensions=768");
        try (var siblings = Files.list(work)) {
            assertThat(siblings.map(path -> path.getFileName().toString())).anyMatch(name -> name.startsWith("data.previous-"));
        }

        try (ServiceProcess restarted = start("after.log", 768).awaitReady()) {
            ApiClient api = new ApiClient(restarted.baseUrl());
            assertThat(api.get("/items/count").json().get("count").asLong()).isEqualTo(61);
            assertThat(api.get("/items/note-3").json().get("metadata").get("n").asInt()).isEqualTo(3);
            assertThat(api.postJson("/search", Map.of("text", "an animal", "topK", 1)).json()
                    .get("results").get(0).get("id").asString()).isEqualTo("puppy");
        }
    }
}
