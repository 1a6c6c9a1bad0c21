package dev.geminisearch.embedding;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Gemini (environment variables in brackets).
 *
 * @param apiKey             Gemini API key (GEMINI_API_KEY); when blank the service starts, health shows
 *                           the embedder DOWN and embedding calls answer 503
 * @param baseUrl            API base URL, for proxies and tests (GEMINI_BASE_URL); blank for Google's
 * @param apiVersion         API version, v1beta or v1 (GEMINI_API_VERSION)
 * @param model              embedding model id (GEMINI_MODEL)
 * @param backend            gemini-api (API key) or vertex-ai (Application Default Credentials) (GEMINI_BACKEND)
 * @param project            Google Cloud project for vertex-ai (GOOGLE_CLOUD_PROJECT)
 * @param location           Google Cloud location for vertex-ai (GOOGLE_CLOUD_LOCATION)
 * @param callTimeout        longest one HTTP call to Gemini may take (GEMINI_CALL_TIMEOUT)
 * @param maxConcurrentCalls most Gemini calls in flight at once; further callers wait (GEMINI_MAX_CONCURRENT_CALLS)
 * @param retry              the one retry policy for Gemini calls
 * @param maxRequestsPerMinute most HTTP calls to Gemini per minute from this process, retries included, paced
 *                           evenly (one every 61/N s) so that no 60-second window holds more; a call beyond
 *                           it waits within the retry deadline, else fails as quota exhausted (429);
 *                           0 = unlimited (GEMINI_MAX_REQUESTS_PER_MINUTE)
 * @param circuitBreaker     fail fast (503) while Gemini is down
 * @param batchConcurrency   most {@code batchEmbedContents} calls (of up to 100 texts each) that one bulk
 *                           ingest keeps in flight at once; all callers together stay within
 *                           maxConcurrentCalls and maxRequestsPerMinute (GEMINI_BATCH_CONCURRENCY)
 */
@Validated
@ConfigurationProperties("gemini")
public record GeminiProperties(
        String apiKey,
        String baseUrl,
        @DefaultValue("v1beta") @NotBlank @Pattern(regexp = "v1|v1beta|v1alpha", message = "must be v1beta, v1 or v1alpha") String apiVersion,
        @DefaultValue("gemini-embedding-2") @NotBlank String model,
        @DefaultValue("gemini-api") @NotNull Backend backend,
        String project,
        @DefaultValue("us-central1") String location,
        @DefaultValue("30s") @NotNull Duration callTimeout,
        @DefaultValue("8") @Min(1) @Max(256) int maxConcurrentCalls,
        @DefaultValue @Valid @NotNull Retry retry,
        @DefaultValue("0") @Min(0) @Max(1_000_000) int maxRequestsPerMinute,
        @DefaultValue @Valid @NotNull CircuitBreaker circuitBreaker,
        @DefaultValue("4") @Min(1) @Max(64) int batchConcurrency) {

    /** Bulk ingests keep this many batch calls in flight unless configured otherwise. */
    public static final int DEFAULT_BATCH_CONCURRENCY = 4;

    @ConstructorBinding
    public GeminiProperties {
    }

    /** Settings with the default batch concurrency (tests, tools). */
    public GeminiProperties(String apiKey, String baseUrl, String apiVersion, String model, Backend backend, String project,
                            String location, Duration callTimeout, int maxConcurrentCalls, Retry retry,
                            int maxRequestsPerMinute, CircuitBreaker circuitBreaker) {
        this(apiKey, baseUrl, apiVersion, model, backend, project, location, callTimeout, maxConcurrentCalls, retry,
                maxRequestsPerMinute, circuitBreaker, DEFAULT_BATCH_CONCURRENCY);
    }

    /** Settings without a request cap and with the default circuit breaker (tests, tools). */
    public GeminiProperties(String apiKey, String baseUrl, String apiVersion, String model, Backend backend, String project,
                            String location, Duration callTimeout, int maxConcurrentCalls, Retry retry) {
        this(apiKey, baseUrl, apiVersion, model, backend, project, location, callTimeout, maxConcurrentCalls, retry, 0,
                CircuitBreaker.DEFAULTS, DEFAULT_BATCH_CONCURRENCY);
    }

    /** Which Google endpoint family serves the model. */
    public enum Backend {
        /** The Gemini API, authenticated with an API key. */
        GEMINI_API,
        /** Vertex AI (Gemini Enterprise Agent Platform), Application Default Credentials. */
        VERTEX_AI
    }

    /**
     * Backoff for 429, 5xx and I/O failures. The SDK's own retries are turned off so that calls are
     * never retried twice over.
     *
     * @param maxAttempts    attempts in all, the first included (GEMINI_RETRY_MAX_ATTEMPTS)
     * @param initialBackoff wait before the second attempt; doubles each time (GEMINI_RETRY_INITIAL_BACKOFF)
     * @param maxBackoff     longest single wait (GEMINI_RETRY_MAX_BACKOFF)
     * @param deadline       total time for all attempts and waits of one embedding (GEMINI_RETRY_DEADLINE)
     */
    public record Retry(
            @DefaultValue("4") @Min(1) @Max(20) int maxAttempts,
            @DefaultValue("500ms") @NotNull Duration initialBackoff,
            @DefaultValue("8s") @NotNull Duration maxBackoff,
            @DefaultValue("45s") @NotNull Duration deadline) {
    }

    /**
     * After {@code failureThreshold} failed attempts in a row (5xx, I/O errors, timeouts, a refused key; not a
     * rejected input nor an exhausted quota) calls fail fast with 503 and Retry-After for {@code openDuration};
     * then one probe call decides whether to close again.
     *
     * @param failureThreshold consecutive failed attempts that open the circuit; 0 turns it off
     *                         (GEMINI_CIRCUIT_BREAKER_FAILURE_THRESHOLD)
     * @param openDuration     how long it stays open before a probe (GEMINI_CIRCUIT_BREAKER_OPEN_DURATION)
     */
    public record CircuitBreaker(
            @DefaultValue("5") @Min(0) @Max(1000) int failureThreshold,
            @DefaultValue("30s") @NotNull Duration openDuration) {

        static final CircuitBreaker DEFAULTS = new CircuitBreaker(5, Duration.ofSeconds(30));

        public CircuitBreaker {
            if (openDuration != null && (openDuration.isNegative() || openDuration.isZero())) {
                throw new IllegalArgumentException("gemini.circuit-breaker.open-duration "
                        + "(GEMINI_CIRCUIT_BREAKER_OPEN_DURATION) must be positive");
            }
        }
    }

    /** The same settings for another model (a re-index to a new model calls it). */
    public GeminiProperties withModel(String otherModel) {
        return new GeminiProperties(apiKey, baseUrl, apiVersion, otherModel, backend, project, location, callTimeout,
                maxConcurrentCalls, retry, maxRequestsPerMinute, circuitBreaker, batchConcurrency);
    }

    /** Whether enough is configured to make calls. */
    public boolean hasCredentials() {
        return backend == Backend.VERTEX_AI ? project != null && !project.isBlank() : apiKey != null && !apiKey.isBlank();
    }
}
