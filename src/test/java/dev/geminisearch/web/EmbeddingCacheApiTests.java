package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedding cache: the same input, task, title, size and model never costs a second Gemini call. */
class EmbeddingCacheApiTests extends ApiTestSupport {

    @Test
    void reingestingIdenticalBytesMakesNoGeminiCall() {
        byte[] png = MediaFixtures.bytes("puppy.png");
        ingest("first", List.of(mediaPart(null, png)), Map.of());
        assertThat(gemini.callCount()).isEqualTo(1);

        ApiClient.Response again = ingest("second", List.of(mediaPart("image/png", png)), Map.of("copy", true));

        assertThat(gemini.callCount()).isEqualTo(1);
        assertThat(again.status()).isEqualTo(201);
        assertThat(api.get("/items/first?includeVector=true").json().get("vector"))
                .isEqualTo(api.get("/items/second?includeVector=true").json().get("vector"));
    }

    @Test
    void reingestingWithAnotherTitleCallsGeminiAgain() {
        api.postJson("/items", Map.of("id", "a", "parts", List.of(textPart("same words")), "title", "One"));
        api.postJson("/items", Map.of("id", "b", "parts", List.of(textPart("same words")), "title", "Two"));

        assertThat(gemini.callCount()).isEqualTo(2);
    }

    @Test
    void repeatedQueryMakesNoGeminiCall() {
        ingest("doc", List.of(textPart("a red bicycle")), Map.of());
        ApiClient.Response first = api.postJson("/search", Map.of("text", "bicycle"));
        int calls = gemini.callCount();

        ApiClient.Response second = api.postJson("/search", Map.of("text", "bicycle"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(gemini.callCount()).isEqualTo(calls);
        assertThat(second.json().get("results")).isEqualTo(first.json().get("results"));
    }

    @Test
    void anotherTaskOrSizeCallsGeminiAgain() {
        api.postJson("/embeddings", Map.of("parts", List.of(textPart("hello")), "task", "search-query", "dimensions", 768));
        api.postJson("/embeddings", Map.of("parts", List.of(textPart("hello")), "task", "search-query", "dimensions", 768));
        assertThat(gemini.callCount()).isEqualTo(1);

        api.postJson("/embeddings", Map.of("parts", List.of(textPart("hello")), "task", "search-query", "dimensions", 1536));
        api.postJson("/embeddings", Map.of("parts", List.of(textPart("hello")), "task", "clustering", "dimensions", 768));

        assertThat(gemini.callCount()).isEqualTo(3);
        assertThat(gemini.lastCall().outputDimensionality()).isEqualTo(768);
    }

    @Test
    void failuresAreNotCached() {
        gemini.failNext(3, 503, "UNAVAILABLE", "overloaded");
        assertThat(api.postJson("/embeddings", Map.of("parts", List.of(textPart("retry me")))).status()).isEqualTo(502);
        int calls = gemini.callCount();

        assertThat(api.postJson("/embeddings", Map.of("parts", List.of(textPart("retry me")))).status()).isEqualTo(200);

        assertThat(gemini.callCount()).isEqualTo(calls + 1);
    }

    @Test
    void hitsAndMissesAreMetered() {
        api.postJson("/embeddings", Map.of("parts", List.of(textPart("metered"))));
        api.postJson("/embeddings", Map.of("parts", List.of(textPart("metered"))));

        String metrics = api.get("/actuator/prometheus").text();

        assertThat(metrics).containsPattern("cache_gets_total\\{[^}]*cache=\"embeddings\"[^}]*result=\"hit\"[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("cache_gets_total\\{[^}]*cache=\"embeddings\"[^}]*result=\"miss\"[^}]*\\} [1-9]");
    }
}
