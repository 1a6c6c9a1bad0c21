package dev.geminisearch.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.SharedFakeGemini;
import dev.geminisearch.support.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where Docker runs, the service with STORE_TYPE=pgvector takes its database from a
 * {@code pgvector/pgvector} container through {@code @ServiceConnection}, with no URL configured.
 * Skipped, saying so, where Docker does not run (CI then covers pgvector through TEST_PG_URL).
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"store.type=pgvector", "embedding.dimensions=768"})
class PgVectorServiceConnectionTests {

    @Container
    @ServiceConnection
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer(TestPostgres.PGVECTOR_IMAGE);

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void pointAtFakeGemini(DynamicPropertyRegistry registry) {
        SharedFakeGemini.registerGemini(registry);
    }

    @Test
    void ingestsAndFindsThroughTheContainerDatabase() {
        ApiClient api = new ApiClient("http://localhost:" + port);

        assertThat(api.postJson("/items", Map.of("id", "doc", "parts", List.of(Map.of("text", "pgvector in a container"))))
                .status()).isEqualTo(201);

        assertThat(api.postJson("/search", Map.of("text", "pgvector container", "topK", 1)).json()
                .get("results").get(0).get("id").asString()).isEqualTo("doc");
        assertThat(api.get("/actuator/health").json().get("components").get("store").get("details")
                .get("type").asString()).isEqualTo("pgvector");
    }
}
