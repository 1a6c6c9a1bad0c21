package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.SharedFakeGemini;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** JSON bodies over MAX_JSON_SIZE and uploads over MAX_UPLOAD_SIZE get a 413 problem. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"api.max-upload-size=64KB", "api.max-json-size=32KB"})
class UploadSizeLimitTests {

    @LocalServerPort
    private int port;
    private ApiClient api;

    @DynamicPropertySource
    static void pointAtFakeGemini(DynamicPropertyRegistry registry) {
        SharedFakeGemini.register(registry);
    }

    @BeforeEach
    void client() {
        api = new ApiClient("http://localhost:" + port);
        SharedFakeGemini.get().reset();
    }

    private static void assertTooLarge(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("payload-too-large");
    }

    @Test
    void jsonBodyOverTheLimitIs413() {
        String data = Base64.getEncoder().encodeToString(new byte[100 * 1024]);
        assertTooLarge(api.postJson("/items", Map.of("parts", List.of(Map.of("data", data)))));
        assertThat(SharedFakeGemini.get().callCount()).isZero();
    }

    @Test
    void multipartFileOverTheLimitIs413() {
        assertTooLarge(api.postMultipart("/items", new ApiClient.Multipart()
                .file("file", "big.png", "image/png", new byte[100 * 1024])));
        assertThat(SharedFakeGemini.get().callCount()).isZero();
    }

    @Test
    void jsonHasItsOwnSmallerLimitThanUploads() {
        String data = Base64.getEncoder().encodeToString(new byte[40 * 1024]);
        ApiClient.Response response = api.postJson("/items", Map.of("parts", List.of(Map.of("data", data))));

        assertTooLarge(response);
        assertThat(response.json().get("detail").asString()).contains("MAX_JSON_SIZE").contains("multipart");
        assertThat(SharedFakeGemini.get().callCount()).isZero();
    }

    @Test
    void bodiesUnderTheLimitPass() {
        assertThat(api.postJson("/embeddings", Map.of("parts", List.of(Map.of("text", "small")))).status()).isEqualTo(200);
    }
}
