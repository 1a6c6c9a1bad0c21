package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on {@code POST /items} and {@code POST /items:batch}. */
class IdempotencyApiTests extends ApiTestSupport {

    private static final Map<String, Object> ITEM = Map.of("id", "once", "parts", List.of(Map.of("text", "only once")));

    @Test
    void replayReturnsTheFirstResponseWithoutDoingTheWorkAgain() {
        ApiClient keyed = api.withHeader("Idempotency-Key", "key-1");
        ApiClient.Response first = keyed.postJson("/items", ITEM);
        api.delete("/items/once");

        ApiClient.Response replay = keyed.postJson("/items", ITEM);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Location")).isEqualTo(first.header("Location")).isEqualTo("/items/once");
        assertThat(replay.text()).isEqualTo(first.text());
        assertThat(gemini.callCount()).isEqualTo(1);
        assertThat(api.get("/items/once").status()).as("the work was not redone").isEqualTo(404);
    }

    @Test
    void sameKeyWithAnotherBodyIsUnprocessable() {
        ApiClient keyed = api.withHeader("Idempotency-Key", "key-2");
        keyed.postJson("/items", ITEM);

        ApiClient.Response reused = keyed.postJson("/items", Map.of("id", "other", "parts", List.of(Map.of("text", "else"))));

        assertProblem(reused, 422, "Idempotency-Key");
        assertThat(api.get("/items/other").status()).isEqualTo(404);
    }

    @Test
    void keysAreScopedByEndpoint() {
        ApiClient keyed = api.withHeader("Idempotency-Key", "key-3");
        keyed.postJson("/items", ITEM);

        ApiClient.Response batch = keyed.postJson("/items:batch", Map.of("items", List.of(ITEM)));

        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().get("results").get(0).get("status").asInt()).isEqualTo(200);
    }

    @Test
    void batchReplayReturnsTheFirstResponseAndGeminiSeesOneCall() {
        ApiClient keyed = api.withHeader("Idempotency-Key", "batch-1");
        Map<String, Object> body = Map.of("items", List.of(Map.of("id", "a", "parts", List.of(Map.of("text", "alpha"))),
                Map.of("id", "b", "parts", List.of(Map.of("text", "beta")))));
        ApiClient.Response first = keyed.postJson("/items:batch", body);

        ApiClient.Response replay = keyed.postJson("/items:batch", body);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.text()).isEqualTo(first.text());
        assertThat(gemini.callCount()).isEqualTo(1);
    }

    @Test
    void multipartReplayReturnsTheFirstResponse() {
        ApiClient keyed = api.withHeader("Idempotency-Key", "upload-1");
        byte[] png = MediaFixtures.bytes("puppy.png");
        ApiClient.Response first = keyed.postMultipart("/items", new ApiClient.Multipart().file("file", "p.png", "image/png", png)
                .text("id", "up"));
        api.delete("/items/up");

        ApiClient.Response replay = keyed.postMultipart("/items", new ApiClient.Multipart().file("file", "p.png", "image/png", png)
                .text("id", "up"));
        ApiClient.Response otherFile = keyed.postMultipart("/items", new ApiClient.Multipart()
                .file("file", "p.png", "image/png", MediaFixtures.bytes("food.jpg")).text("id", "up"));

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.text()).isEqualTo(first.text());
        assertThat(api.get("/items/up").status()).isEqualTo(404);
        assertProblem(otherFile, 422, "Idempotency-Key");
    }

    @Test
    void aFailedRequestIsNotRememberedSoItsRetryDoesTheWork() {
        gemini.failNext(3, 503, "UNAVAILABLE", "overloaded");
        ApiClient keyed = api.withHeader("Idempotency-Key", "key-4");
        assertThat(keyed.postJson("/items", ITEM).status()).isEqualTo(502);

        ApiClient.Response retry = keyed.postJson("/items", ITEM);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(api.get("/items/once").status()).isEqualTo(200);
    }

    @Test
    void malformedKeyIsABadRequest() {
        assertProblem(api.withHeader("Idempotency-Key", "x".repeat(300)).postJson("/items", ITEM), 400, "Idempotency-Key");
        assertThat(gemini.callCount()).isZero();
    }
}
