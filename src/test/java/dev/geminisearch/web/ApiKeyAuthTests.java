package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.SharedFakeGemini;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With AUTH_API_KEYS set, every call but health and the API docs needs a key. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "api.api-keys=alpha-key, beta-key")
class ApiKeyAuthTests {

    @LocalServerPort
    private int port;
    private String baseUrl;

    @DynamicPropertySource
    static void pointAtFakeGemini(DynamicPropertyRegistry registry) {
        SharedFakeGemini.register(registry);
    }

    @BeforeEach
    void baseUrl() {
        baseUrl = "http://localhost:" + port;
        SharedFakeGemini.get().reset();
    }

    @Test
    void missingKeyIs401ProblemAndNoGeminiCall() {
        ApiClient.Response response = new ApiClient(baseUrl).postJson("/embeddings", Map.of("parts", List.of(Map.of("text", "x"))));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("X-API-Key");
        assertThat(SharedFakeGemini.get().callCount()).isZero();
    }

    @Test
    void wrongKeyIs401() {
        assertThat(new ApiClient(baseUrl).withHeader("X-API-Key", "gamma-key").get("/items").status()).isEqualTo(401);
    }

    @Test
    void anyConfiguredKeyWorksAsHeaderOrBearer() {
        assertThat(new ApiClient(baseUrl).withHeader("X-API-Key", "alpha-key").get("/items").status()).isEqualTo(200);
        assertThat(new ApiClient(baseUrl).withHeader("Authorization", "Bearer beta-key").get("/items").status()).isEqualTo(200);
    }

    @Test
    void healthAndApiDocsStayOpen() {
        ApiClient anonymous = new ApiClient(baseUrl);
        assertThat(anonymous.get("/actuator/health").status()).isIn(200, 503);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void prometheusNeedsAKeyWhichAScraperSendsAsBearerToken() {
        assertThat(new ApiClient(baseUrl).get("/actuator/prometheus").status()).isEqualTo(401);

        ApiClient.Response scrape = new ApiClient(baseUrl).withHeader("Authorization", "Bearer alpha-key").get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.text()).contains("gemini_retries_total");
    }
}
