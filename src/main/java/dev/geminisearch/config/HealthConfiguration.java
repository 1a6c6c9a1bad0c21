package dev.geminisearch.config;

import dev.geminisearch.embedding.Embedder;
import dev.geminisearch.embedding.EmbedderStatus;
import dev.geminisearch.store.VectorStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health of the embedder (can it call Gemini?) and of the store. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    HealthIndicator embedderHealthIndicator(Embedder embedder) {
        return () -> {
            EmbedderStatus status = embedder.status();
            Health.Builder health = status.available() ? Health.up() : Health.down();
            return health.withDetail("model", embedder.model()).withDetail("detail", status.detail())
                    .withDetails(status.details()).build();
        };
    }

    @Bean
    HealthIndicator storeHealthIndicator(VectorStore store) {
        return () -> Health.up()
                .withDetail("type", store.type())
                .withDetail("model", store.fingerprint().model())
                .withDetail("dimensions", store.fingerprint().dimensions())
                .withDetail("items", store.count())
                .build();
    }
}
