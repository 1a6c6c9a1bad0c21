package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geminisearch.support.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Backups and re-index requests through the API, on the file store. */
class AdminApiTests extends ApiTestSupport {

    private static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("admin-api");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void useTheFileStore(DynamicPropertyRegistry registry) {
        registry.add("store.type", () -> "file");
        registry.add("store.path", () -> WORK.resolve("data").toString());
        registry.add("backup.path", () -> WORK.resolve("backups").toString());
    }

    @Test
    void aBackupIsAStoreFolderWithEveryItem() throws IOException {
        ingest("a", List.of(textPart("first")), Map.of());
        ingest("b", List.of(textPart("second")), Map.of());

        ApiClient.Response response = api.postJson("/admin/backups", "{}");

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode backup = response.json();
        assertThat(backup.get("items").asLong()).isEqualTo(2);
        Path folder = Path.of(backup.get("location").asString());
        assertThat(folder.getParent()).isEqualTo(WORK.resolve("backups").toAbsolutePath());
        assertThat(Files.readString(folder.resolve("store.properties"))).contains("dimensions=3072");
        assertThat(folder.resolve("items.log")).isNotEmptyFile();
    }

    @Test
    void reindexRequestsAreCheckedBeforeAnythingRuns() {
        assertProblem(api.postJson("/admin/reindex", Map.of("dimensions", 3072)), 409, "already holds 3072");
        assertProblem(api.postJson("/admin/reindex", Map.of("dimensions", 100)), 400, "128..3072");
        assertProblem(api.postJson("/admin/reindex", Map.of()), 400, "dimensions");
        assertThat(api.get("/admin/reindex").json().get("state").asString()).isIn("idle", "succeeded", "failed");
        assertThat(gemini.callCount()).isZero();
    }

    @Test
    void aFailedReindexLeavesTheOldIndexServing() {
        ingest("keep", List.of(textPart("still here")), Map.of());
        gemini.reset();
        // Exactly the attempts of one embedding (SharedFakeGemini sets GEMINI_RETRY_MAX_ATTEMPTS=3).
        gemini.failNext(3, 500, "INTERNAL", "down for the test");

        assertThat(api.postJson("/admin/reindex", Map.of("dimensions", 768, "requestsPerMinute", 60000)).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/admin/reindex").json().get("state").asString()
                .equals("failed"));

        JsonNode status = api.get("/admin/reindex").json();
        assertThat(status.get("error").asString()).contains("Gemini");
        assertThat(api.get("/info").json().get("dimensions").asInt()).isEqualTo(3072);
        assertThat(api.postJson("/search", Map.of("text", "still here", "topK", 1)).json()
                .get("results").get(0).get("id").asString()).isEqualTo("keep");
    }

    @Test
    void reindexToAnotherModelSwitchesTheStoreAndTheQueryEmbedder() {
        ingest("m1", List.of(textPart("model change")), Map.of());
        String before = api.get("/info").json().get("model").asString();
        String next = before + "-next";
        gemini.reset();

        assertThat(api.postJson("/admin/reindex", Map.of("dimensions", 3072, "model", next, "requestsPerMinute", 60000))
                .status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/admin/reindex").json().get("state").asString()
                .equals("succeeded"));

        assertThat(gemini.calls()).allSatisfy(call -> assertThat(call.model()).isEqualTo(next));
        assertThat(api.get("/info").json().get("model").asString()).isEqualTo(next);
        assertThat(api.postJson("/search", Map.of("text", "model change", "topK", 1)).json()
                .get("results").get(0).get("id").asString()).isEqualTo("m1");
        assertThat(gemini.lastCall().model()).isEqualTo(next);
    }
}
