package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.SharedFakeGemini;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** API_RATE_LIMIT_REQUESTS_PER_MINUTE: a token bucket per API key; health and the page exempt; CORS off by default. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"api.api-keys=alpha-key, beta-key", "api.rate-limit.requests-per-minute=60", "api.rate-limit.burst=2"})
class RateLimitTests {

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
    }

    @Test
    void overTheLimitIs429WithRetryAfterThenRecovers() {
        ApiClient alpha = new ApiClient(baseUrl).withHeader("X-API-Key", "alpha-key");
        ApiClient.Response limited = null;
        // The burst is 2; a third call within the same second finds the bucket empty.
        for (int i = 0; i < 4 && (limited == null || limited.status() != 429); i++) {
            limited = alpha.get("/items");
        }

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.json().get("title").asString()).isEqualTo("Too many requests");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 2L);

        // Another key has a bucket of its own.
        assertThat(new ApiClient(baseUrl).withHeader("X-API-Key", "beta-key").get("/items").status()).isEqualTo(200);
        // Health and the page stay reachable.
        assertThat(new ApiClient(baseUrl).get("/actuator/health").status()).isIn(200, 503);
        assertThat(new ApiClient(baseUrl).get("/").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> alpha.get("/items").status() == 200);
    }

    @Test
    void withoutAllowedOriginsNoCorsHeadersAreSent() {
        ApiClient.Response response = new ApiClient(baseUrl).withHeader("X-API-Key", "beta-key")
                .withHeader("Origin", "https://app.example.com").get("/v3/api-docs");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isNull();
    }
}
