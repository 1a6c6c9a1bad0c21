package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.MediaFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** With {@code embedding.cache.max-entries=0} every embedding is a Gemini call. */
@TestPropertySource(properties = "embedding.cache.max-entries=0")
class EmbeddingCacheDisabledApiTests extends ApiTestSupport {

    @Test
    void reingestingIdenticalBytesCallsGeminiEachTime() {
        byte[] png = MediaFixtures.bytes("puppy.png");
        ingest("first", List.of(mediaPart(null, png)), Map.of());
        ingest("second", List.of(mediaPart(null, png)), Map.of());

        assertThat(gemini.callCount()).isEqualTo(2);
    }
}
