package dev.geminisearch.web;

import dev.geminisearch.support.TestPostgres;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link LongMediaApiTests} on the pgvector store: segments in their own table, originals streamed in. */
@EnabledIf(value = "dev.geminisearch.support.TestPostgres#isAvailable",
        disabledReason = "no PostgreSQL with pgvector: Docker is not running and TEST_PG_URL is not set")
class LongMediaOnPgVectorStoreTests extends LongMediaApiTests {

    @DynamicPropertySource
    static void useThePgvectorStore(DynamicPropertyRegistry registry) {
        registry.add("store.type", () -> "pgvector");
        registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
        registry.add("spring.datasource.username", TestPostgres::username);
        registry.add("store.pgvector.schema", TestPostgres::newSchema);
    }

    @org.junit.jupiter.api.Test
    void runsOnThePgvectorStore() {
        org.assertj.core.api.Assertions.assertThat(api.get("/info").json().get("store").asString()).isEqualTo("pgvector");
    }
}
