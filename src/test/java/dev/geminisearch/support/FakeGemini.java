package dev.geminisearch.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini API stand-in that speaks the real wire format ({@code :embedContent} and
 * {@code :batchEmbedContents} under {@code v1} and {@code v1beta}), so that tests drive the real
 * google-genai SDK through {@code GEMINI_BASE_URL}.
 *
 * <p>Vectors are meaningful enough for ranking tests: every word of a text part (minus the prompt
 * scaffolding and stop words) adds a fixed pseudo-random direction, and media bytes add the words
 * registered for them with {@link #describe(byte[], String)} (a PDF without a description adds the
 * words of its pages, as Gemini reads them; other bytes a direction of their own). So
 * "an image of a puppy" lands near bytes described as "puppy dog animal", across modalities, as
 * with the real model. Failures and delays can be queued to test retries and error mapping.
 */
public final class FakeGemini implements AutoCloseable {

    public static final String API_KEY = "test-key";
    private static final int FULL_DIMENSIONS = 3072;
    private static final Pattern PATH = Pattern.compile("/(v1|v1beta)/models/([^/:]+):(embedContent|batchEmbedContents)");
    private static final Set<String> IGNORED_WORDS = Set.of("task", "search", "result", "query", "title", "none", "text",
            "a", "an", "the", "of", "and", "or", "to", "in", "on", "with", "is", "for", "this", "that", "image", "picture",
            "photo", "question", "answering", "fact", "checking", "code", "retrieval", "classification", "clustering",
            "sentence", "similarity");

    private final HttpServer server;
    // Answers carry 100 x 3072 floats; Jackson's Schubfach writer keeps the fake from being what a
    // benchmark measures on Java 17 (same values as Float.toString, a fraction of the CPU).
    private final JsonMapper json = JsonMapper.builder().enable(tools.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    private final Map<String, String> descriptions = new ConcurrentHashMap<>();
    private final Map<String, float[]> wordVectors = new ConcurrentHashMap<>();
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private volatile float scale = 1f;
    private final List<RandomFault> randomFaults = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong injectedFaults = new java.util.concurrent.atomic.AtomicLong();
    private volatile Duration delayEveryCall = Duration.ZERO;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger peakInFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** System.nanoTime() at which each recorded call arrived, in arrival order. */
    private final List<Long> callArrivals = new CopyOnWriteArrayList<>();

    /** One HTTP call the fake received. */
    public record RecordedCall(String apiVersion, String model, String method, String apiKey, JsonNode body) {

        /** The contents of the call, one per requested embedding. */
        public List<JsonNode> contents() {
            List<JsonNode> contents = new ArrayList<>();
            if (method.equals("embedContent")) {
                contents.add(body.get("content"));
            } else {
                body.get("requests").forEach(request -> contents.add(request.get("content")));
            }
            return contents;
        }

        /** The texts of the parts of the first content. */
        public List<String> texts() {
            List<String> texts = new ArrayList<>();
            contents().get(0).get("parts").forEach(part -> {
                if (part.has("text")) {
                    texts.add(part.get("text").asString());
                }
            });
            return texts;
        }

        /** The MIME types of the inline media parts of the first content. */
        public List<String> inlineMimeTypes() {
            List<String> types = new ArrayList<>();
            contents().get(0).get("parts").forEach(part -> {
                if (part.has("inlineData")) {
                    types.add(part.get("inlineData").get("mimeType").asString());
                }
            });
            return types;
        }

        /** The number of parts of the first content. */
        public int partCount() {
            return contents().get(0).get("parts").size();
        }

        /** The outputDimensionality requested for the first content, or null. */
        public Integer outputDimensionality() {
            JsonNode holder = method.equals("embedContent") ? body : body.get("requests").get(0);
            JsonNode dims = holder.get("outputDimensionality");
            if (dims == null) {
                JsonNode config = holder.get("embedContentConfig");
                dims = config == null ? null : config.get("outputDimensionality");
            }
            return dims == null ? null : dims.asInt();
        }

        /** The taskType sent, or null. */
        public String taskType() {
            JsonNode holder = method.equals("embedContent") ? body : body.get("requests").get(0);
            JsonNode taskType = holder.get("taskType");
            return taskType == null ? null : taskType.asString();
        }
    }

    private record Fault(int httpStatus, String status, String message, Duration delay) {
    }

    /** A fault drawn independently for every call, from its own seeded generator (so a run reproduces). */
    private record RandomFault(double rate, Fault fault, SplittableRandom random) {

        boolean strikes() {
            synchronized (random) {
                return random.nextDouble() < rate;
            }
        }
    }

    public FakeGemini() {
        this(8);
    }

    /**
     * A fake that answers up to {@code threads} calls at once (8 by default); benchmarks that hold
     * many calls in flight with {@link #delayEveryCall} give it more, so that the fake is not the limit.
     */
    public FakeGemini(int threads) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(threads));
        server.start();
    }

    /** Base URL to give the SDK ({@code GEMINI_BASE_URL}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Declares what media bytes show, in words; they then embed near texts with those words. */
    public FakeGemini describe(byte[] media, String words) {
        descriptions.put(sha256(media), words);
        return this;
    }

    /** Makes the fake return vectors of this length instead of unit vectors, like gemini-embedding-001 below 3072. */
    public void scaleVectorsBy(float factor) {
        this.scale = factor;
    }

    /** The next call fails with this HTTP status and Google error status. */
    public void failNext(int httpStatus, String status, String message) {
        faults.add(new Fault(httpStatus, status, message, null));
    }

    /** The next {@code times} calls fail like {@link #failNext}. */
    public void failNext(int times, int httpStatus, String status, String message) {
        for (int i = 0; i < times; i++) {
            failNext(httpStatus, status, message);
        }
    }

    /** The next call answers normally, but only after this delay. */
    public void delayNext(Duration delay) {
        faults.add(new Fault(200, null, null, delay));
    }

    /**
     * From now on, every call (answer or queued fault) is answered only after this delay, like a
     * real round trip to Gemini; {@link Duration#ZERO} turns it off, as does {@link #reset()}.
     */
    public void delayEveryCall(Duration delay) {
        this.delayEveryCall = delay;
    }

    /** The most calls that were in the fake at once since it started or was last {@link #reset()}. */
    public int peakConcurrentCalls() {
        return peakInFlight.get();
    }

    /** When each recorded call arrived ({@link System#nanoTime()}), in arrival order. */
    public List<Long> callArrivalNanos() {
        return List.copyOf(callArrivals);
    }

    /**
     * From now on, each call fails with this HTTP status and Google error status with probability
     * {@code rate}, drawn from a generator seeded with {@code seed}. Several modes may be added; the
     * first that strikes wins. Queued faults ({@link #failNext}) go first; {@link #reset()} clears all.
     */
    public void failRandomly(double rate, int httpStatus, String status, long seed) {
        randomFaults.add(new RandomFault(rate, new Fault(httpStatus, status, "injected " + status, null),
                new SplittableRandom(seed)));
    }

    /** How many calls failed because of a queued or random fault (delays not counted). */
    public long injectedFaults() {
        return injectedFaults.get();
    }

    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public int callCount() {
        return calls.size();
    }

    public RecordedCall lastCall() {
        if (calls.isEmpty()) {
            throw new AssertionError("Gemini was not called");
        }
        return calls.get(calls.size() - 1);
    }

    /** Forgets recorded calls and queued faults (descriptions stay). */
    public void reset() {
        calls.clear();
        callArrivals.clear();
        delayEveryCall = Duration.ZERO;
        peakInFlight.set(inFlight.get());
        faults.clear();
        randomFaults.clear();
        injectedFaults.set(0);
        scale = 1f;
    }

    private void handle(HttpExchange exchange) throws IOException {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            answer(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher matcher = PATH.matcher(exchange.getRequestURI().getPath());
            if (!exchange.getRequestMethod().equals("POST") || !matcher.matches()) {
                sendError(exchange, 404, "NOT_FOUND", "no such method: " + exchange.getRequestURI().getPath());
                return;
            }
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = json.readTree(in.readAllBytes());
            }
            String apiKey = exchange.getRequestHeaders().getFirst("x-goog-api-key");
            callArrivals.add(System.nanoTime());
            calls.add(new RecordedCall(matcher.group(1), matcher.group(2), matcher.group(3), apiKey, body));
            Duration everyCall = delayEveryCall;
            if (!everyCall.isZero()) {
                sleep(everyCall);
            }
            Fault fault = faults.poll();
            if (fault == null) {
                for (RandomFault random : randomFaults) {
                    if (random.strikes()) {
                        fault = random.fault();
                        break;
                    }
                }
            }
            if (fault != null && fault.delay() != null) {
                sleep(fault.delay());
            } else if (fault != null) {
                injectedFaults.incrementAndGet();
                sendError(exchange, fault.httpStatus(), fault.status(), fault.message());
                return;
            }
            if (!API_KEY.equals(apiKey)) {
                // The real API answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
                sendError(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
                return;
            }
            ObjectNode response = json.createObjectNode();
            if (matcher.group(3).equals("embedContent")) {
                response.set("embedding", embedding(body.get("content"), dimensionsOf(body)));
            } else {
                ArrayNode embeddings = response.putArray("embeddings");
                for (JsonNode request : body.get("requests")) {
                    embeddings.add(embedding(request.get("content"), dimensionsOf(request)));
                }
            }
            send(exchange, 200, json.writeValueAsBytes(response));
        } catch (RuntimeException e) {
            sendError(exchange, 500, "INTERNAL", "fake failed: " + e);
        }
    }

    private static int dimensionsOf(JsonNode request) {
        JsonNode dims = request.get("outputDimensionality");
        return dims == null ? FULL_DIMENSIONS : dims.asInt();
    }

    private ObjectNode embedding(JsonNode content, int dimensions) {
        float[] sum = new float[FULL_DIMENSIONS];
        for (JsonNode part : content.get("parts")) {
            if (part.has("text")) {
                addText(sum, part.get("text").asString());
            } else if (part.has("inlineData")) {
                byte[] data = Base64.getDecoder().decode(part.get("inlineData").get("data").asString());
                String words = descriptions.get(sha256(data));
                if (words == null && "application/pdf".equals(part.get("inlineData").get("mimeType").asString())) {
                    words = pdfText(data); // Gemini reads the text of a PDF's pages too
                }
                addText(sum, words != null ? words : "blob-" + sha256(data));
            }
        }
        float[] vector = finish(sum, dimensions);
        ObjectNode embedding = json.createObjectNode();
        ArrayNode values = embedding.putArray("values");
        for (float v : vector) {
            values.add(v * scale);
        }
        return embedding;
    }

    /** The text of a PDF's pages, or null when it has none (or is not one). */
    private static String pdfText(byte[] pdf) {
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            return text.isBlank() ? null : text;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private void addText(float[] sum, String text) {
        boolean any = false;
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}-]+")) {
            if (word.isEmpty() || IGNORED_WORDS.contains(word)) {
                continue;
            }
            any = true;
            float[] direction = wordVectors.computeIfAbsent(stem(word), FakeGemini::randomDirection);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += direction[i];
            }
        }
        if (!any) {
            // Content-free text still gets a (weak) vector of its own rather than a zero vector.
            float[] direction = wordVectors.computeIfAbsent("<empty>", FakeGemini::randomDirection);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += 0.01f * direction[i];
            }
        }
    }

    private static String stem(String word) {
        return word.length() > 3 && word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    }

    private static float[] finish(float[] sum, int dimensions) {
        float[] vector = java.util.Arrays.copyOf(sum, dimensions);
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= inverse;
        }
        return vector;
    }

    private static float[] randomDirection(String word) {
        SplittableRandom random = new SplittableRandom(word.hashCode() * 0x9E3779B97F4A7C15L);
        float[] direction = new float[FULL_DIMENSIONS];
        for (int i = 0; i < direction.length; i++) {
            direction[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return direction;
    }

    private void sendError(HttpExchange exchange, int httpStatus, String status, String message) throws IOException {
        ObjectNode error = json.createObjectNode();
        ObjectNode inner = error.putObject("error");
        inner.put("code", httpStatus);
        inner.put("message", message);
        inner.put("status", status);
        inner.putArray("details");
        send(exchange, httpStatus, json.writeValueAsBytes(error));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

}
