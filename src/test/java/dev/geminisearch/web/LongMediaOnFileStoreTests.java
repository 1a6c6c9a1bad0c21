package dev.geminisearch.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link LongMediaApiTests} on the file store: segments in its log, originals streamed into its blobs. */
class LongMediaOnFileStoreTests extends LongMediaApiTests {

    @DynamicPropertySource
    static void useTheFileStore(DynamicPropertyRegistry registry) throws IOException {
        Path directory = Files.createTempDirectory("long-media-file-store");
        registry.add("store.type", () -> "file");
        registry.add("store.path", directory::toString);
    }

    @org.junit.jupiter.api.Test
    void runsOnTheFileStore() {
        org.assertj.core.api.Assertions.assertThat(api.get("/info").json().get("store").asString()).isEqualTo("file");
    }
}
