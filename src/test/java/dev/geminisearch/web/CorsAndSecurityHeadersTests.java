package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.SharedFakeGemini;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With API_CORS_ALLOWED_ORIGINS and AUTH_API_KEYS set: preflights without a key, security headers everywhere. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"api.api-keys=alpha-key", "api.cors.allowed-origins=https://app.example.com"})
class CorsAndSecurityHeadersTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;
    private String baseUrl;

    @DynamicPropertySource
    static void pointAtFakeGemini(DynamicPropertyRegistry registry) {
        SharedFakeGemini.register(registry);
    }

    @BeforeEach
    void baseUrl() {
        baseUrl = "http://localhost:" + port;
    }

    private HttpResponse<String> preflight(String origin, String method, String headers) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/search"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWithoutAKey() throws Exception {
        HttpResponse<String> response = preflight("https://app.example.com", "POST", "x-api-key,content-type");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
                .contains("GET", "POST", "DELETE");
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                .contains("x-api-key", "content-type");
    }

    @Test
    void preflightFromAnotherOriginOrForAnotherMethodIsRefused() throws Exception {
        HttpResponse<String> otherOrigin = preflight("https://evil.example.net", "POST", "x-api-key");
        assertThat(otherOrigin.statusCode()).isEqualTo(403);
        assertThat(otherOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        assertThat(preflight("https://app.example.com", "PUT", "x-api-key").statusCode()).isEqualTo(403);
    }

    @Test
    void anAllowedOriginCanReadAnAnswerWithAKey() {
        ApiClient.Response response = new ApiClient(baseUrl).withHeader("Origin", "https://app.example.com")
                .withHeader("X-API-Key", "alpha-key").get("/items");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    }

    @Test
    void thePageCarriesSecurityHeadersAndAContentSecurityPolicy() {
        ApiClient.Response page = new ApiClient(baseUrl).get("/");

        assertThat(page.status()).isEqualTo(200);
        assertSecurityHeaders(page);
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "media-src 'self' blob:",
                "frame-ancestors 'none'");
        assertThat(page.text()).doesNotContain("<script>", "style=", "onclick=");
    }

    @Test
    void apiAnswersAndRefusalsCarrySecurityHeadersToo() {
        assertSecurityHeaders(new ApiClient(baseUrl).withHeader("X-API-Key", "alpha-key").get("/items"));
        assertSecurityHeaders(new ApiClient(baseUrl).get("/items"));
        assertSecurityHeaders(new ApiClient(baseUrl).get("/actuator/health"));
    }

    @Test
    void serverFailuresNameNoJavaClasses() {
        ApiClient.Response response = new ApiClient(baseUrl).withHeader("X-API-Key", "alpha-key")
                .postBytes("/search", "application/json", "{\"query\": {\"text\": 12".getBytes());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).doesNotContain("java.", "dev.geminisearch", "tools.jackson", "Exception");
    }

    private static void assertSecurityHeaders(ApiClient.Response response) {
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
    }
}
