package dev.geminisearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.FakeGemini;
import dev.geminisearch.support.MediaFixtures;
import dev.geminisearch.support.ServiceProcess;
import dev.geminisearch.support.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two packaged services with STORE_TYPE=pgvector over one database behave as one: items, deletes and
 * originals are shared at once; a third started with another EMBEDDING_DIMENSIONS refuses to start.
 */
class PgVectorReplicasIntegrationTests {

    private final FakeGemini gemini = new FakeGemini();
    private String schema;

    @TempDir
    Path work;

    @BeforeEach
    void database() {
        TestPostgres.dataSource();
        schema = TestPostgres.newSchema();
    }

    @AfterEach
    void cleanUp() {
        gemini.close();
        TestPostgres.dropSchema(schema);
    }

    private ServiceProcess start(String name, int dimensions) {
        Map<String, String> env = new HashMap<>(Map.of(
                "STORE_TYPE", "pgvector",
                "SPRING_DATASOURCE_URL", TestPostgres.jdbcUrl(),
                "SPRING_DATASOURCE_USERNAME", TestPostgres.username(),
                "STORE_PGVECTOR_SCHEMA", schema,
                "GEMINI_BASE_URL", gemini.baseUrl(),
                "GEMINI_API_KEY", FakeGemini.API_KEY,
                "EMBEDDING_DIMENSIONS", Integer.toString(dimensions)));
        return ServiceProcess.start(env, work.resolve(name + ".log"));
    }

    @Test
    void replicasShareItemsDeletesAndOriginalsAndAThirdWithOtherDimensionsRefusesToStart() throws Exception {
        byte[] png = MediaFixtures.bytes("puppy.png");
        gemini.describe(png, "puppy dog animal");
        try (ServiceProcess a = start("a", 768).awaitReady(); ServiceProcess b = start("b", 768).awaitReady()) {
            ApiClient first = new ApiClient(a.baseUrl());
            ApiClient second = new ApiClient(b.baseUrl());

            assertThat(first.postMultipart("/items", new ApiClient.Multipart().text("id", "puppy")
                    .file("file", "puppy.png", "image/png", png)).status()).isEqualTo(201);
            assertThat(first.postJson("/items", Map.of("id", "note", "parts", List.of(Map.of("text", "a grocery list")))).status())
                    .isEqualTo(201);

            assertThat(second.get("/items/puppy").json().get("dimensions").asInt()).isEqualTo(768);
            assertThat(second.get("/items/puppy/content").body()).isEqualTo(png);
            JsonNode results = second.postJson("/search", Map.of("text", "an animal", "topK", 1)).json().get("results");
            assertThat(results.get(0).get("id").asString()).isEqualTo("puppy");
            JsonNode health = second.get("/actuator/health").json().get("components").get("store").get("details");
            assertThat(health.get("type").asString()).isEqualTo("pgvector");
            assertThat(health.get("items").asInt()).isEqualTo(2);

            assertThat(second.delete("/items/puppy").status()).isEqualTo(204);
            assertThat(first.get("/items/puppy").status()).isEqualTo(404);
            assertThat(first.get("/items/puppy/content").status()).isEqualTo(404);
            assertThat(first.postJson("/search", Map.of("text", "an animal", "topK", 5)).json().get("results"))
                    .extracting(node -> node.get("id").asString()).containsExactly("note");

            try (ServiceProcess third = start("c", 3072)) {
                assertThat(third.awaitExit(Duration.ofSeconds(90))).isNotZero();
                assertThat(third.output()).contains("768", "3072", "EMBEDDING_DIMENSIONS=768");
            }
        }
    }
}
