package dev.geminisearch.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code gemini.batch-concurrency} (GEMINI_BATCH_CONCURRENCY): 4 unless set, and 1..64. */
class GeminiPropertiesTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GeminiProperties.class)
    static class Bound {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bulkIngestsKeepFourBatchCallsInFlightUnlessConfigured() {
        context.run(started -> assertThat(started.getBean(GeminiProperties.class).batchConcurrency())
                .isEqualTo(GeminiProperties.DEFAULT_BATCH_CONCURRENCY).isEqualTo(4));
        context.withPropertyValues("gemini.batch-concurrency=16")
                .run(started -> assertThat(started.getBean(GeminiProperties.class).batchConcurrency()).isEqualTo(16));
    }

    @Test
    void aBatchConcurrencyOutsideOneToSixtyFourStopsStartupNamingTheProperty() {
        for (String value : new String[] {"0", "65"}) {
            context.withPropertyValues("gemini.batch-concurrency=" + value).run(started -> {
                assertThat(started).hasFailed();
                StringBuilder messages = new StringBuilder();
                for (Throwable t = started.getStartupFailure(); t != null; t = t.getCause()) {
                    messages.append(t.getMessage()).append('\n');
                }
                assertThat(messages.toString()).contains("gemini", "batchConcurrency");
            });
        }
    }
}
