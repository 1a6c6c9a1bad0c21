package dev.geminisearch.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * HTTP-facing limits and access.
 *
 * @param apiKeys        keys that unlock the API (AUTH_API_KEYS, comma-separated); empty leaves it open. When set,
 *                       every call but health, the OpenAPI document and Swagger UI needs {@code X-API-Key}
 *                       (or {@code Authorization: Bearer})
 * @param maxUploadSize  largest accepted multipart request (MAX_UPLOAD_SIZE); uploads stream to disk, so this
 *                       can be large enough for long video (2GB by default)
 * @param maxJsonSize    largest accepted JSON (or other non-multipart) request body (MAX_JSON_SIZE): JSON is read
 *                       into memory, base64 media and all, so it stays small (32MB by default)
 * @param requestTimeout longest one request may wait on Gemini, all its embeddings, retries and waits together
 *                       (API_REQUEST_TIMEOUT)
 * @param cors           cross-origin access for browser clients on other origins
 * @param rateLimit      per-client token bucket
 */
@Validated
@ConfigurationProperties("api")
public record ApiProperties(
        List<String> apiKeys,
        @DefaultValue("2GB") DataSize maxUploadSize,
        @DefaultValue("32MB") DataSize maxJsonSize,
        @DefaultValue("60s") @NotNull Duration requestTimeout,
        @DefaultValue @Valid @NotNull Cors cors,
        @DefaultValue @Valid @NotNull RateLimit rateLimit) {

    public ApiProperties {
        apiKeys = apiKeys == null ? List.of() : apiKeys.stream().map(String::strip).filter(key -> !key.isEmpty()).toList();
        if (maxUploadSize.toBytes() <= 0) {
            throw new IllegalArgumentException("api.max-upload-size (MAX_UPLOAD_SIZE) must be positive");
        }
        if (maxJsonSize.toBytes() <= 0) {
            throw new IllegalArgumentException("api.max-json-size (MAX_JSON_SIZE) must be positive");
        }
        if (requestTimeout != null && (requestTimeout.isNegative() || requestTimeout.isZero())) {
            throw new IllegalArgumentException("api.request-timeout (API_REQUEST_TIMEOUT) must be positive");
        }
    }

    /**
     * CORS, off by default: without allowed origins no CORS headers are sent and browsers on other
     * origins cannot read answers. Preflights are answered before the API key is checked.
     *
     * @param allowedOrigins origins allowed to call the API, e.g. {@code https://app.example.com}
     *                       (API_CORS_ALLOWED_ORIGINS, comma-separated); empty = no CORS
     */
    public record Cors(List<String> allowedOrigins) {

        public Cors {
            allowedOrigins = allowedOrigins == null ? List.of()
                    : allowedOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList();
        }
    }

    /**
     * A token bucket per API key (per client IP when AUTH_API_KEYS is not set); health, the API docs
     * and the search page's files are exempt. Over the limit a call gets 429 with Retry-After.
     *
     * @param requestsPerMinute sustained calls per minute per client; 0 turns the limit off
     *                          (API_RATE_LIMIT_REQUESTS_PER_MINUTE)
     * @param burst             calls a client may make at once after being idle; 0 = requests-per-minute
     *                          (API_RATE_LIMIT_BURST)
     * @param maxClients        most clients whose buckets are remembered; idle ones are forgotten first
     *                          (API_RATE_LIMIT_MAX_CLIENTS)
     */
    public record RateLimit(
            @DefaultValue("0") @Min(0) @Max(1_000_000) int requestsPerMinute,
            @DefaultValue("0") @Min(0) @Max(1_000_000) int burst,
            @DefaultValue("100000") @Min(1) int maxClients) {

        boolean enabled() {
            return requestsPerMinute > 0;
        }

        int capacity() {
            return burst > 0 ? burst : requestsPerMinute;
        }
    }
}
