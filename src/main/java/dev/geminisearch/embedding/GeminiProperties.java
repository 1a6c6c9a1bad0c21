package dev.geminisearch.embedding;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
        @DefaultValue @Valid @NotNull Retry retry) {

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

    /** The same settings for another model (a re-index to a new model calls it). */
    public GeminiProperties withModel(String otherModel) {
        return new GeminiProperties(apiKey, baseUrl, apiVersion, otherModel, backend, project, location, callTimeout,
                maxConcurrentCalls, retry);
    }

    /** Whether enough is configured to make calls. */
    public boolean hasCredentials() {
        return backend == Backend.VERTEX_AI ? project != null && !project.isBlank() : apiKey != null && !apiKey.isBlank();
    }
}
