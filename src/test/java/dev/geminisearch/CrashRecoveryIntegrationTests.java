package dev.geminisearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.FakeGemini;
import dev.geminisearch.support.MediaFixtures;
import dev.geminisearch.support.ServiceProcess;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service with the file store, killed with SIGKILL right after its answers: every
 * acknowledged write must be there after a restart, and nothing deleted may come back. The service
 * is configured by environment variables alone, which also checks their documented names.
 */
class CrashRecoveryIntegrationTests {

    private final FakeGemini gemini = new FakeGemini();

    @TempDir
    Path work;

    @AfterEach
    void stopFake() {
        gemini.close();
    }

    private ServiceProcess start(String logName) {
        return ServiceProcess.start(Map.of(
                "STORE_TYPE", "file",
                "STORE_PATH", work.resolve("data").toString(),
                "GEMINI_BASE_URL", gemini.baseUrl(),
                "GEMINI_API_KEY", FakeGemini.API_KEY,
                "EMBEDDING_DIMENSIONS", "768",
                "AUTH_API_KEYS", "ops-key",
                "MAX_JSON_SIZE", "2MB"), work.resolve(logName)).awaitReady();
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        byte[] png = MediaFixtures.bytes("puppy.png");
        try (ServiceProcess first = start("first.log")) {
            ApiClient api = new ApiClient(first.baseUrl()).withHeader("X-API-Key", "ops-key");
            for (int i = 0; i < 20; i++) {
                Map<String, Object> body = i % 2 == 0
                        ? Map.of("id", "item-" + i, "parts", List.of(Map.of("text", "text number " + i)), "metadata", Map.of("n", i))
                        : Map.of("id", "item-" + i, "parts", List.of(Map.of("data", Base64.getEncoder().encodeToString(png))),
                        "title", "picture " + i);
                assertThat(api.postJson("/items", body).status()).isEqualTo(201);
            }
            assertThat(api.postJson("/items", Map.of("id", "item-0", "parts", List.of(Map.of("text", "replaced")),
                    "metadata", Map.of("n", 100))).status()).isEqualTo(200);
            assertThat(api.delete("/items/item-3").status()).isEqualTo(204);
            assertThat(api.postJson("/items", Map.of("id", "last", "parts", List.of(Map.of("text", "the last write")))).status())
                    .isEqualTo(201);
            assertThat(api.get("/items/item-1").json().get("dimensions").asInt()).as("EMBEDDING_DIMENSIONS applies")
                    .isEqualTo(768);
            assertThat(new ApiClient(first.baseUrl()).get("/items").status()).as("AUTH_API_KEYS applies").isEqualTo(401);
            assertThat(api.postBytes("/items", "application/json", new byte[3 * 1024 * 1024]).status())
                    .as("MAX_JSON_SIZE applies").isEqualTo(413);
            assertThat(first.kill9()).isNotZero();
        }

        try (ServiceProcess restarted = start("second.log")) {
            ApiClient api = new ApiClient(restarted.baseUrl()).withHeader("X-API-Key", "ops-key");
            assertThat(api.get("/items?limit=1000").json().get("items").size()).isEqualTo(20);
            assertThat(api.get("/items/last").status()).isEqualTo(200);
            assertThat(api.get("/items/item-3").status()).isEqualTo(404);
            assertThat(api.get("/items/item-0").json().get("metadata").get("n").asInt()).isEqualTo(100);
            assertThat(api.get("/items/item-5/content").body()).isEqualTo(png);
            int callsBefore = gemini.callCount();
            // The restored vectors rank: the nearest text item to item-2 is another "text number" item.
            assertThat(api.postJson("/search", Map.of("itemId", "item-2", "topK", 1)).json()
                    .get("results").get(0).get("id").asString()).startsWith("item-").isNotEqualTo("item-2");
            assertThat(gemini.callCount()).isEqualTo(callsBefore);
        }
    }

    @Test
    void sigtermLetsAnInFlightIngestFinishAndKeepsIt() throws Exception {
        try (ServiceProcess service = start("graceful.log")) {
            ApiClient api = new ApiClient(service.baseUrl()).withHeader("X-API-Key", "ops-key");
            gemini.delayNext(java.time.Duration.ofSeconds(3));
            int callsBefore = gemini.callCount();
            java.util.concurrent.CompletableFuture<ApiClient.Response> inFlight = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> api.postJson("/items", Map.of("id", "in-flight", "parts", List.of(Map.of("text", "slow")))));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> gemini.callCount() > callsBefore);

            service.terminate(java.time.Duration.ofSeconds(30));

            assertThat(inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(201);
            assertThat(service.output()).contains("Graceful shutdown");
        }
        try (ServiceProcess restarted = start("after-graceful.log")) {
            ApiClient api = new ApiClient(restarted.baseUrl()).withHeader("X-API-Key", "ops-key");
            assertThat(api.get("/items/in-flight").status()).isEqualTo(200);
        }
    }
}
