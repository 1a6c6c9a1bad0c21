package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Without GEMINI_API_KEY the service still starts, says why in health, and answers 503 to embedding calls. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"store.type=memory", "gemini.api-key="})
class WithoutApiKeyTests {

    @LocalServerPort
    private int port;
    private ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient("http://localhost:" + port);
    }

    @Test
    void healthShowsTheEmbedderDownWithTheReasonAndTheStoreUp() {
        ApiClient.Response health = api.get("/actuator/health");

        JsonNode components = health.json().get("components");
        assertThat(components.get("embedder").get("status").asString()).isEqualTo("DOWN");
        assertThat(components.get("embedder").get("details").get("detail").asString()).contains("GEMINI_API_KEY");
        assertThat(components.get("store").get("status").asString()).isEqualTo("UP");
        assertThat(components.get("store").get("details").get("type").asString()).isEqualTo("memory");
    }

    @Test
    void probesStayUpWhileTheEmbedderIsDown() {
        // Kubernetes and the Docker HEALTHCHECK use these: a missing key must neither restart the
        // container nor take it out of its Service (Boot's groups hold only the availability states).
        assertThat(api.get("/actuator/health").status()).isEqualTo(503);
        assertThat(api.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void embeddingCallsAre503AndReadsStillWork() {
        ApiClient.Response embedding = api.postJson("/embeddings", Map.of("parts", List.of(Map.of("text", "x"))));
        assertThat(embedding.status()).isEqualTo(503);
        assertThat(embedding.contentType()).startsWith("application/problem+json");
        assertThat(embedding.json().get("detail").asString()).contains("GEMINI_API_KEY");

        assertThat(api.postJson("/items", Map.of("parts", List.of(Map.of("text", "x")))).status()).isEqualTo(503);
        assertThat(api.postJson("/search", Map.of("text", "x")).status()).isEqualTo(503);
        assertThat(api.get("/items").status()).isEqualTo(200);
    }
}
