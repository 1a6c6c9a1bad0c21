package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.SharedFakeGemini;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Gemini outage answers 503 fast with Retry-After, shows in health, and heals after the cool-down. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CircuitBreakerApiTests {

    private static final Map<String, Object> EMBED = Map.of("parts", List.of(Map.of("text", "hello")));

    @LocalServerPort
    private int port;
    private ApiClient api;

    @DynamicPropertySource
    static void pointAtFakeGemini(DynamicPropertyRegistry registry) {
        SharedFakeGemini.register(registry);
        registry.add("gemini.retry.max-attempts", () -> "1");
        registry.add("gemini.circuit-breaker.failure-threshold", () -> "2");
        registry.add("gemini.circuit-breaker.open-duration", () -> "1s");
    }

    @BeforeEach
    void client() {
        api = new ApiClient("http://localhost:" + port);
        SharedFakeGemini.get().reset();
    }

    @Test
    void openCircuitAnswers503FastThenAProbeClosesIt() {
        SharedFakeGemini.get().failNext(2, 503, "UNAVAILABLE", "down");
        assertThat(api.postJson("/embeddings", EMBED).status()).isEqualTo(502);
        assertThat(api.postJson("/embeddings", EMBED).status()).isEqualTo(502);

        ApiClient.Response open = api.postJson("/embeddings", EMBED);
        assertThat(open.status()).isEqualTo(503);
        assertThat(open.header("Retry-After")).isEqualTo("1");
        assertThat(open.json().get("type").asString()).endsWith("gemini-unavailable");
        assertThat(open.text()).doesNotContain("Exception", "dev.geminisearch");
        assertThat(SharedFakeGemini.get().callCount()).isEqualTo(2);
        assertThat(api.get("/actuator/health").text()).contains("\"circuitBreaker\":\"open\"");

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.postJson("/embeddings", EMBED).status() == 200);
        assertThat(SharedFakeGemini.get().callCount()).isEqualTo(3);
        assertThat(api.get("/actuator/health").text()).contains("\"circuitBreaker\":\"closed\"");
    }
}
