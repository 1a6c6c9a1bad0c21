package dev.geminisearch.embedding;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Content;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentConfig;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link Embedder} over the google-genai SDK. One {@link Content} per request, so all parts give
 * one vector. Calls are bounded by a semaphore, time out, and retry by {@link RetryPolicy} alone
 * (the SDK's built-in retries are switched off). Before each HTTP attempt a {@link GeminiCircuitBreaker}
 * may refuse it fast (Gemini is down), and a token bucket caps attempts per minute
 * ({@code GEMINI_MAX_REQUESTS_PER_MINUTE}), waiting within the retry deadline.
 *
 * <p>Meters, per HTTP attempt (so a retried embedding counts every attempt): {@code gemini.requests}
 * (a timer of the call itself, after a call slot was free, tagged {@code outcome} success, quota,
 * transient, rejected or unavailable, and {@code status}, the HTTP code or {@code io} when no answer
 * came), {@code gemini.request.bytes} (inline bytes sent: UTF-8 text, prompt included, and media, by
 * {@code modality}) and {@code gemini.request.parts} (parts in the request); retries are counted by
 * {@link RetryPolicy}.
 */
public final class GeminiEmbedder implements Embedder, AutoCloseable {

    /** The requests-per-minute cap spreads its N calls over this, a second of slack for jitter on the way. */
    private static final Duration PACING_PERIOD = Duration.ofSeconds(61);

    /** Modality tags of the bytes sent, indexed as {@link #modalityIndex} answers; "other" is never expected. */
    private static final String[] MODALITIES = {"text", "image", "audio", "video", "document", "other"};

    private final Client client;
    private final GeminiProperties properties;
    private final RetryPolicy retryPolicy;
    private final Semaphore callPermits;
    private final boolean legacyModel;
    private final MeterRegistry meters;
    private final Counter[] bytesSent = new Counter[MODALITIES.length];
    private final DistributionSummary partsPerRequest;
    private final GeminiCircuitBreaker circuitBreaker;
    /** Null when requests per minute are unlimited. */
    private final Bucket requestsPerMinute;
    private final RetryPolicy.Clock clock;
    private final BatchEmbedder batches;

    /** An embedder whose meters go to a private registry that nothing reads (tests, tools). */
    public GeminiEmbedder(GeminiProperties properties) {
        this(properties, new SimpleMeterRegistry());
    }

    /** An embedder that records its calls, retries and bytes sent in {@code meters}. */
    public GeminiEmbedder(GeminiProperties properties, MeterRegistry meters) {
        this(properties, meters, RetryPolicy.Clock.SYSTEM);
    }

    GeminiEmbedder(GeminiProperties properties, MeterRegistry meters, RetryPolicy.Clock clock) {
        this.properties = properties;
        this.client = buildClient(properties);
        this.meters = meters;
        this.retryPolicy = new RetryPolicy(properties.retry(), clock, meters);
        this.callPermits = new Semaphore(properties.maxConcurrentCalls(), true);
        this.clock = clock;
        this.circuitBreaker = new GeminiCircuitBreaker(properties.circuitBreaker(), clock);
        // One token at most, refilled evenly: calls are paced 61/N s apart, so no 60-second window
        // holds more than N even as Gemini sees them, a second of network jitter later. A bucket of N
        // tokens would allow N at once plus N refilled within the same minute: twice the cap in the
        // first minute after an idle spell; exactly 60/N s let one call too many through (bench/ingest.sh).
        this.requestsPerMinute = properties.maxRequestsPerMinute() == 0 ? null : Bucket.builder()
                .addLimit(limit -> limit.capacity(1)
                        .refillGreedy(properties.maxRequestsPerMinute(), PACING_PERIOD))
                .withCustomTimePrecision(new ClockTimeMeter(clock))
                .build();
        // gemini-embedding-001 predates prompts and still takes task_type; version 2 must not get it.
        this.legacyModel = properties.model().contains("embedding-001");
        for (int i = 0; i < MODALITIES.length - 1; i++) {
            bytesSent[i] = bytesSentCounter(MODALITIES[i]);
        }
        this.partsPerRequest = DistributionSummary.builder("gemini.request.parts")
                .description("Parts in one request to Gemini, per attempt").register(meters);
        this.batches = new BatchEmbedder(legacyModel, this::embed, this::batchCall, properties.batchConcurrency(),
                properties.maxConcurrentCalls());
    }

    private Counter bytesSentCounter(String modality) {
        return Counter.builder("gemini.request.bytes").baseUnit("bytes")
                .description("Inline bytes sent to Gemini (UTF-8 text, prompts included, and media), per attempt")
                .tag("modality", modality).register(meters);
    }

    private static Client buildClient(GeminiProperties properties) {
        HttpOptions.Builder http = HttpOptions.builder()
                .apiVersion(properties.apiVersion())
                .timeout(Math.toIntExact(properties.callTimeout().toMillis()))
                .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
        if (properties.baseUrl() != null && !properties.baseUrl().isBlank()) {
            http.baseUrl(properties.baseUrl());
        }
        Client.Builder builder = Client.builder().httpOptions(http.build());
        if (properties.backend() == GeminiProperties.Backend.VERTEX_AI) {
            builder.vertexAI(true).project(properties.project()).location(properties.location());
        } else {
            builder.apiKey(properties.apiKey());
        }
        return builder.build();
    }

    @Override
    public String model() {
        return properties.model();
    }

    @Override
    public EmbedderStatus status() {
        GeminiCircuitBreaker.State circuit = circuitBreaker.state();
        String detail = "model " + properties.model() + " via " + properties.backend().name().toLowerCase()
                .replace('_', '-') + " " + properties.apiVersion();
        return new EmbedderStatus(true, circuit == GeminiCircuitBreaker.State.OPEN
                ? detail + "; Gemini is failing, calls are paused (circuit open)" : detail,
                Map.of("circuitBreaker", circuit.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    }

    @Override
    public float[] embed(EmbeddingRequest request) {
        List<Part> parts = legacyModel ? request.parts() : PromptFormatter.format(request.task(), request.title(), request.parts());
        Content content = Content.builder().role("user").parts(toSdkParts(parts)).build();
        EmbedContentConfig.Builder config = EmbedContentConfig.builder().outputDimensionality(request.dimensions());
        if (legacyModel && request.task() != null) {
            config.taskType(request.task().legacyTaskType());
            if (request.title() != null && request.task() == EmbeddingTask.SEARCH_DOCUMENT) {
                config.title(request.title());
            }
        }
        long[] bytesByModality = bytesByModality(parts);
        float[] values = retryPolicy.call(remaining -> callOnce(content, config, bytesByModality, parts.size(), remaining));
        if (values.length != request.dimensions()) {
            throw new EmbeddingUnavailableException("Gemini returned " + values.length + " dimensions where "
                    + request.dimensions() + " were asked for", null);
        }
        return VectorNormalizer.normalize(values);
    }

    private float[] callOnce(Content content, EmbedContentConfig.Builder config, long[] bytesByModality, int partCount,
                             Duration remaining) {
        return guarded(remaining, left -> callWithPermit(content, config, bytesByModality, partCount, left));
    }

    /**
     * Runs one HTTP attempt behind the circuit breaker and the requests-per-minute cap, and tells the
     * breaker how it went: a rejected input or an exhausted quota proves Gemini answers; only
     * outages count against it.
     */
    private <T> T guarded(Duration remaining, java.util.function.Function<Duration, T> attempt) {
        circuitBreaker.acquire();
        long start = clock.nanoTime();
        try {
            takeRequestToken(remaining);
        } catch (RuntimeException e) {
            circuitBreaker.release();
            throw e;
        }
        boolean outage = true;
        boolean verdict = true;
        try {
            T result = attempt.apply(Duration.ofNanos(Math.max(0, remaining.toNanos() - (clock.nanoTime() - start))));
            outage = false;
            return result;
        } catch (RetryPolicy.AttemptFailure e) {
            outage = e.kind == RetryPolicy.AttemptFailure.Kind.TRANSIENT;
            throw e;
        } catch (Error e) {
            // This process failed (e.g. out of memory while the SDK built the request), not Gemini:
            // the breaker learns nothing, so one big segment cannot open it for every other caller.
            verdict = false;
            circuitBreaker.release();
            throw e;
        } finally {
            if (verdict && outage) {
                circuitBreaker.onFailure();
            } else if (verdict) {
                circuitBreaker.onSuccess();
            }
        }
    }

    /**
     * Takes one of the GEMINI_MAX_REQUESTS_PER_MINUTE tokens, waiting for it if that fits in the
     * time left; otherwise fails as quota exhausted without calling Gemini.
     */
    private void takeRequestToken(Duration remaining) {
        if (requestsPerMinute == null) {
            return;
        }
        long left = remaining.toNanos();
        try {
            // Reserves a token in the future when none is free, so that waiting callers are served in order.
            if (requestsPerMinute.asBlocking().tryConsume(1, Math.max(0, left),
                    nanos -> clock.sleep(Duration.ofNanos(nanos)))) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingUnavailableException("interrupted while waiting for a Gemini request token", e);
        }
        long waitNanos = requestsPerMinute.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        Duration retryAfter = Duration.ofNanos(Math.max(waitNanos, Duration.ofSeconds(1).toNanos()));
        throw new EmbeddingQuotaExceededException("this service's cap of " + properties.maxRequestsPerMinute()
                + " Gemini requests per minute (GEMINI_MAX_REQUESTS_PER_MINUTE) is used up", retryAfter, null);
    }

    private float[] callWithPermit(Content content, EmbedContentConfig.Builder config, long[] bytesByModality,
                                   int partCount, Duration remaining) {
        EmbedContentResponse response = httpAttempt(remaining, bytesByModality, partCount,
                timeout -> client.models.embedContent(properties.model(), content, config.httpOptions(timeout).build()));
        List<ContentEmbedding> embeddings = response.embeddings().orElse(List.of());
        if (embeddings.size() != 1 || embeddings.get(0).values().isEmpty()) {
            throw new RetryPolicy.AttemptFailure(RetryPolicy.AttemptFailure.Kind.TRANSIENT,
                    "Gemini answered with " + embeddings.size() + " embeddings for one input", null, null);
        }
        List<Float> values = embeddings.get(0).values().get();
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i);
        }
        return vector;
    }

    /**
     * One HTTP call to Gemini in a call slot, measured ({@code gemini.requests} by outcome and
     * status) and translated: SDK failures become {@link RetryPolicy.AttemptFailure}s or our
     * exceptions. The call gets HTTP options whose timeout never outlives the retry deadline.
     */
    private EmbedContentResponse httpAttempt(Duration remaining, long[] bytesByModality, int partCount,
                                             java.util.function.Function<HttpOptions, EmbedContentResponse> call) {
        acquirePermit(remaining);
        // Outcome and status as far as known; whatever escapes unforeseen counts as unavailable.
        String outcome = "unavailable";
        String status = "unknown";
        Timer.Sample sample = Timer.start(meters);
        try {
            recordSent(bytesByModality, partCount);
            long timeoutMillis = Math.max(1, Math.min(properties.callTimeout().toMillis(), remaining.toMillis()));
            EmbedContentResponse response = call.apply(HttpOptions.builder().timeout(Math.toIntExact(timeoutMillis)).build());
            status = "200";
            outcome = "success";
            return response;
        } catch (ApiException e) {
            status = Integer.toString(e.code());
            RuntimeException failure = classify(e);
            outcome = outcomeOf(failure);
            throw failure;
        } catch (GenAiIOException e) {
            status = "io";
            outcome = "transient";
            throw new RetryPolicy.AttemptFailure(RetryPolicy.AttemptFailure.Kind.TRANSIENT,
                    "I/O error talking to Gemini: " + rootMessage(e), null, e);
        } finally {
            sample.stop(Timer.builder("gemini.requests").description("HTTP calls to Gemini, one per attempt")
                    .tag("outcome", outcome).tag("status", status).register(meters));
            callPermits.release();
        }
    }

    private static String outcomeOf(RuntimeException failure) {
        if (failure instanceof RetryPolicy.AttemptFailure attempt) {
            return switch (attempt.kind) {
                case QUOTA -> "quota";
                case TRANSIENT -> "transient";
                case PERMANENT -> "rejected";
            };
        }
        return "unavailable";
    }

    private void recordSent(long[] bytesByModality, int partCount) {
        for (int i = 0; i < bytesByModality.length; i++) {
            if (bytesByModality[i] > 0) {
                Counter counter = bytesSent[i] != null ? bytesSent[i] : bytesSentCounter(MODALITIES[i]);
                counter.increment(bytesByModality[i]);
            }
        }
        partsPerRequest.record(partCount);
    }

    private static long[] bytesByModality(List<Part> parts) {
        long[] bytes = new long[MODALITIES.length];
        for (Part part : parts) {
            if (part instanceof Part.Text text) {
                bytes[0] += text.text().getBytes(StandardCharsets.UTF_8).length;
            } else if (part instanceof Part.Media media) {
                bytes[modalityIndex(media.mimeType())] += media.data().length;
            }
        }
        return bytes;
    }

    /** Media types reach this class already sniffed and supported (see the media package), so "other" stays unused. */
    private static int modalityIndex(String mimeType) {
        if (mimeType == null) {
            return 5;
        }
        if (mimeType.startsWith("image/")) {
            return 1;
        }
        if (mimeType.startsWith("audio/")) {
            return 2;
        }
        if (mimeType.startsWith("video/")) {
            return 3;
        }
        return mimeType.equals("application/pdf") ? 4 : 5;
    }

    private void acquirePermit(Duration remaining) {
        try {
            if (!callPermits.tryAcquire(remaining.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new EmbeddingUnavailableException("all " + properties.maxConcurrentCalls()
                        + " Gemini call slots stayed busy for the whole retry deadline (GEMINI_MAX_CONCURRENT_CALLS)", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingUnavailableException("interrupted while waiting for a Gemini call slot", e);
        }
    }

    /** The failure to throw for an error answer: a retryable or rejected attempt, or unavailability. */
    private static RuntimeException classify(ApiException e) {
        int code = e.code();
        String message = "Gemini answered " + code + " " + e.status() + ": " + e.message();
        if (code == 429) {
            return new RetryPolicy.AttemptFailure(RetryPolicy.AttemptFailure.Kind.QUOTA, message,
                    RetryPolicy.suggestedDelay(e.message()), e);
        }
        if (code == 408 || code >= 500) {
            return new RetryPolicy.AttemptFailure(RetryPolicy.AttemptFailure.Kind.TRANSIENT, message, null, e);
        }
        if (code == 400 && e.message() != null && e.message().contains("API key")) {
            // Google answers a bad key with 400 INVALID_ARGUMENT; that is the operator's problem, not the client's input.
            return new EmbeddingUnavailableException("Gemini refused the configured API key: " + e.message(), e);
        }
        if (code == 400) {
            return new RetryPolicy.AttemptFailure(RetryPolicy.AttemptFailure.Kind.PERMANENT,
                    "Gemini rejected the input: " + e.message(), null, e);
        }
        // 401/403/404: wrong key or model; retrying will not help, and it is the operator's problem, not the client's.
        return new EmbeddingUnavailableException(message, e);
    }

    /** What went wrong on the wire, in words a client may see (no class names). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof InterruptedIOException) {
            return "the call timed out";
        }
        if (root instanceof java.net.ConnectException) {
            return "could not connect";
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        return root.getMessage() == null ? "connection failed" : root.getMessage();
    }

    private static List<com.google.genai.types.Part> toSdkParts(List<Part> parts) {
        List<com.google.genai.types.Part> sdkParts = new ArrayList<>(parts.size());
        for (Part part : parts) {
            if (part instanceof Part.Text text) {
                sdkParts.add(com.google.genai.types.Part.fromText(text.text()));
            } else if (part instanceof Part.Media media) {
                sdkParts.add(com.google.genai.types.Part.fromBytes(media.data(), media.mimeType()));
            }
        }
        return sdkParts;
    }

    /**
     * Texts in {@code batchEmbedContents} calls, up to GEMINI_BATCH_CONCURRENCY of them at once (see
     * {@link BatchEmbedder}); anything else as {@link #embed}.
     */
    @Override
    public List<float[]> embedAll(List<EmbeddingRequest> requests) {
        return batches.embedAll(requests);
    }

    private EmbedContentResponse batchCall(List<String> texts, int dimensions) {
        return retryPolicy.call(budget -> guarded(budget, remaining -> httpAttempt(remaining,
                bytesByModality(texts.stream().<Part>map(Part.Text::new).toList()), texts.size(),
                timeout -> client.models.embedContent(properties.model(), texts,
                        EmbedContentConfig.builder().outputDimensionality(dimensions).httpOptions(timeout).build()))));
    }

    @Override
    public void close() {
        batches.close();
        client.close();
    }

    /** Bucket4j reads time from the embedder's clock, so that tests move both together. */
    private record ClockTimeMeter(RetryPolicy.Clock clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return clock.nanoTime();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
