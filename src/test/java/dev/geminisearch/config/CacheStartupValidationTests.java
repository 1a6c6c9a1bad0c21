package dev.geminisearch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.GeminiSearchApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Invalid embedding cache or Idempotency-Key settings stop start-up with a message that says what to fix. */
class CacheStartupValidationTests {

    /** As command-line arguments: application.properties binds these from environment variables, over defaults. */
    private static void start(String property) {
        new SpringApplicationBuilder(GeminiSearchApplication.class)
                .properties("server.port=0", "gemini.api-key=unused", "store.type=memory")
                .run("--" + property)
                .close();
    }

    private static String allMessages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void negativeCacheSizeStopsStartup() {
        assertThatThrownBy(() -> start("embedding.cache.max-entries=-1"))
                .satisfies(e -> assertThat(allMessages(e)).contains("cache.maxEntries", "EMBEDDING_CACHE_MAX_ENTRIES"));
    }

    @Test
    void zeroIdempotencyTtlStopsStartup() {
        assertThatThrownBy(() -> start("api.idempotency.ttl=0s"))
                .satisfies(e -> assertThat(allMessages(e)).contains("IDEMPOTENCY_TTL"));
    }

    @Test
    void zeroIdempotencyKeysStopsStartup() {
        assertThatThrownBy(() -> start("api.idempotency.max-keys=0"))
                .satisfies(e -> assertThat(allMessages(e)).contains("IDEMPOTENCY_MAX_KEYS"));
    }
}
