package dev.geminisearch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.GeminiSearchApplication;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Invalid configuration stops start-up with a message that says what to fix. */
class StartupValidationTests {

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(GeminiSearchApplication.class)
                .properties("server.port=0", "gemini.api-key=unused")
                .properties(properties)
                .run();
    }

    private static String allMessages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void dimensionsOutsideTheModelsRangeStopStartup() {
        assertThatThrownBy(() -> start("store.type=memory", "embedding.dimensions=100"))
                .satisfies(e -> assertThat(allMessages(e)).contains("embedding.dimensions", "128..3072"));
    }

    @Test
    void unknownStoreTypeStopsStartup() {
        assertThatThrownBy(() -> start("store.type=cassandra"))
                .satisfies(e -> assertThat(allMessages(e)).contains("store.type"));
    }

    @Test
    void fileStoreBuiltWithOtherDimensionsRefusesToStartAndSaysHowToFixIt(@TempDir Path data) {
        try (ConfigurableApplicationContext first = start("store.type=file", "store.path=" + data, "embedding.dimensions=768")) {
            assertThat(first.isRunning()).isTrue();
        }

        assertThatThrownBy(() -> start("store.type=file", "store.path=" + data, "embedding.dimensions=3072"))
                .satisfies(e -> assertThat(allMessages(e)).contains("768", "3072", "EMBEDDING_DIMENSIONS=768", "STORE_PATH"));
    }
}
