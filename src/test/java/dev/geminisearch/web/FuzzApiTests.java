package dev.geminisearch.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.support.ApiClient;
import dev.geminisearch.support.MediaFixtures;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs against the running application (in-memory store, shared fake Gemini):
 * mutated JSON, raw and truncated multipart, base64 garbage, cut and bit-flipped media,
 * decompression bombs, huge metadata, odd ids and random filter expressions.
 *
 * <p>For every input: never a 5xx, never a hang (30 s per request), every error is
 * {@code application/problem+json} without class names or stack traces, a failed ingest stores
 * nothing ({@code /items/count} does not grow) and a 201 reads back. Seeds are fixed, so a failure
 * names an input that reproduces; failures are collected per category and listed together.
 *
 * <p>Plain JUnit with {@link SplittableRandom} rather than jqwik: the inputs need the Spring-managed
 * server of {@link ApiTestSupport}, which jqwik's lifecycle does not start.
 */
class FuzzApiTests extends ApiTestSupport {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, Integer> INPUTS_TRIED = new ConcurrentSkipListMap<>();
    private static final Map<String, Map<Integer, Integer>> STATUSES = new ConcurrentSkipListMap<>();
    private static final String[] FIXTURES = {"puppy.png", "food.jpg", "three-pages.pdf", "seven-pages.pdf", "tone.mp3",
            "clip.mp4", "clip.mov", "speech.wav"};
    private static final String[] DECLARED_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf",
            "audio/mpeg", "audio/wav", "video/mp4", "video/quicktime", "text/plain", "application/octet-stream",
            "application/json", "", "image/", "*/*", "x/y; charset=\u00e9", "application/x-msdownload"};

    private final List<String> failures = new ArrayList<>();
    private String category;

    @BeforeEach
    void longerRequestsAreHangs() {
        api.withTimeout(REQUEST_TIMEOUT);
    }

    @AfterAll
    static void printInputsTried() {
        int total = INPUTS_TRIED.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("FUZZ inputs tried: " + INPUTS_TRIED + " total=" + total
                + "; statuses " + STATUSES);
    }

    @Test
    void randomJsonBodiesNeverFailTheServer() {
        category = "json";
        SplittableRandom random = new SplittableRandom(8_001);
        String[] paths = {"/items", "/search", "/embeddings"};
        for (int i = 0; i < 120; i++) {
            String path = paths[i % 3];
            Map<String, Object> body = validBody(path, random);
            String text;
            switch (random.nextInt(4)) {
                case 0 -> text = ApiClient.json(mutate(body, random));
                case 1 -> text = ApiClient.json(randomValue(random, 0));
                case 2 -> {
                    String valid = ApiClient.json(mutate(body, random));
                    text = valid.substring(0, random.nextInt(valid.length() + 1));
                }
                default -> text = deepNesting(random);
            }
            String input = path + " " + abbreviate(text);
            expectSafe(input, path.equals("/items"), () -> api.postJson(path, text));
        }
        assertNoFailures();
    }

    @Test
    void randomMultipartBodiesNeverFailTheServer() {
        category = "multipart";
        SplittableRandom random = new SplittableRandom(8_002);
        String[] paths = {"/items", "/search", "/embeddings"};
        String[] names = {"file", "text", "id", "title", "metadata", "topK", "filter", "modality", "task", "itemId",
                "minScore", "dimensions", "x", ""};
        for (int i = 0; i < 90; i++) {
            String path = paths[i % 3];
            String boundary = "b" + random.nextInt(1_000_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int fields = random.nextInt(5);
            for (int f = 0; f < fields; f++) {
                String name = names[random.nextInt(names.length)];
                if (random.nextBoolean()) {
                    String type = DECLARED_TYPES[random.nextInt(DECLARED_TYPES.length)];
                    byte[] data = random.nextInt(3) == 0 ? mutatedFixture(random) : randomBytes(random, random.nextInt(4096));
                    write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                            + randomString(random, 12) + "\"\r\n" + (type.isEmpty() ? "" : "Content-Type: " + type + "\r\n")
                            + "\r\n");
                    out.writeBytes(data);
                } else {
                    write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
                            + randomString(random, random.nextInt(200)));
                }
                write(out, "\r\n");
            }
            write(out, "--" + boundary + "--\r\n");
            byte[] body = out.toByteArray();
            String contentType = "multipart/form-data; boundary=" + boundary;
            switch (random.nextInt(4)) {
                case 0 -> body = java.util.Arrays.copyOf(body, random.nextInt(body.length + 1));
                case 1 -> contentType = "multipart/form-data; boundary=other" + boundary;
                case 2 -> contentType = random.nextBoolean() ? "multipart/form-data" : "multipart/mixed; boundary=" + boundary;
                default -> {
                }
            }
            byte[] sent = body;
            String type = contentType;
            expectSafe(path + " " + type + " " + sent.length + " bytes #" + i, path.equals("/items"),
                    () -> api.postBytes(path, type, sent));
        }
        assertNoFailures();
    }

    @Test
    void base64GarbageNeverFailsTheServer() {
        category = "base64";
        SplittableRandom random = new SplittableRandom(8_003);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\t.*\u00e9\u0000%";
        for (int i = 0; i < 60; i++) {
            String data = switch (random.nextInt(4)) {
                case 0 -> randomFrom(random, alphabet, random.nextInt(300));
                case 1 -> Base64.getUrlEncoder().encodeToString(randomBytes(random, 1 + random.nextInt(300)));
                case 2 -> {
                    String good = Base64.getEncoder().encodeToString(MediaFixtures.bytes("puppy.png"));
                    yield good.substring(0, random.nextInt(good.length()));
                }
                default -> Base64.getMimeEncoder().encodeToString(randomBytes(random, 1 + random.nextInt(600)));
            };
            String path = i % 2 == 0 ? "/items" : "/embeddings";
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("data", data);
            if (random.nextBoolean()) {
                part.put("mimeType", DECLARED_TYPES[random.nextInt(DECLARED_TYPES.length)]);
            }
            expectSafe(path + " data=" + abbreviate(data), path.equals("/items"),
                    () -> api.postJson(path, Map.of("parts", List.of(part))));
        }
        assertNoFailures();
    }

    @Test
    void truncatedAndCorruptedMediaNeverFailTheServer() {
        category = "media";
        SplittableRandom random = new SplittableRandom(8_004);
        for (int i = 0; i < 96; i++) {
            String fixture = FIXTURES[i % FIXTURES.length];
            byte[] original = MediaFixtures.bytes(fixture);
            byte[] data;
            String how;
            if (random.nextBoolean()) {
                int cut = random.nextInt(original.length);
                data = java.util.Arrays.copyOf(original, cut);
                how = "cut at " + cut;
            } else {
                data = original.clone();
                int flips = 1 + random.nextInt(16);
                StringBuilder at = new StringBuilder();
                for (int f = 0; f < flips; f++) {
                    int offset = random.nextInt(data.length);
                    data[offset] ^= (byte) (1 << random.nextInt(8));
                    at.append(offset).append(' ');
                }
                how = "bits flipped at " + at.toString().trim();
            }
            byte[] sent = data;
            String input = fixture + " " + how;
            if (i % 2 == 0) {
                expectSafe("/items json " + input, true,
                        () -> api.postJson("/items", Map.of("parts", List.of(mediaPart(null, sent)))));
            } else {
                expectSafe("/items multipart " + input, true, () -> api.postMultipart("/items",
                        new ApiClient.Multipart().file("file", fixture, null, sent)));
            }
        }
        assertNoFailures();
    }

    @Test
    void decompressionBombsAreRefusedQuickly() {
        category = "bombs";
        Map<String, byte[]> bombs = new LinkedHashMap<>();
        bombs.put("png 100000x100000", MediaFixtures.pngDeclaring(100_000, 100_000));
        bombs.put("png 2^31-1 x 2^31-1", MediaFixtures.pngDeclaring(Integer.MAX_VALUE, Integer.MAX_VALUE));
        bombs.put("pdf flate stream of 1 GiB zeros", MediaFixtures.pdfWithFlateBomb(1L << 30));
        bombs.put("pdf declaring 5,000,000 pages", MediaFixtures.pdfDeclaringPages(5_000_000, 1));
        bombs.put("pdf declaring -1 pages", MediaFixtures.pdfDeclaringPages(-1, 1));
        bombs.put("pdf of 40 pages declaring 1", MediaFixtures.pdfDeclaringPages(1, 40));
        bombs.put("wav declaring 4 GB of data", MediaFixtures.wavDeclaring(0xFFFF_FFF0L));
        for (Map.Entry<String, byte[]> bomb : bombs.entrySet()) {
            byte[] data = bomb.getValue();
            long started = System.nanoTime();
            int status = expectSafe("/items json " + bomb.getKey(), true,
                    () -> api.postJson("/items", Map.of("parts", List.of(mediaPart(null, data)))));
            System.out.printf("FUZZ bomb %s (%d bytes): /items answered %d in %d ms%n", bomb.getKey(), data.length, status,
                    (System.nanoTime() - started) / 1_000_000);
            expectSafe("/items multipart " + bomb.getKey(), true, () -> api.postMultipart("/items",
                    new ApiClient.Multipart().file("file", "bomb", null, data)));
            expectSafe("/embeddings " + bomb.getKey(), false,
                    () -> api.postJson("/embeddings", Map.of("parts", List.of(mediaPart(null, data)))));
            expectSafe("/search " + bomb.getKey(), false, () -> api.postMultipart("/search",
                    new ApiClient.Multipart().file("file", "bomb", null, data)));
        }
        assertNoFailures();
    }

    @Test
    void hugeMetadataNeverFailsTheServer() {
        category = "metadata";
        SplittableRandom random = new SplittableRandom(8_006);
        for (int i = 0; i < 12; i++) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            String shape;
            switch (i % 4) {
                case 0 -> {
                    int keys = 1_000 + random.nextInt(9_000);
                    for (int k = 0; k < keys; k++) {
                        metadata.put("k" + k, k);
                    }
                    shape = keys + " keys";
                }
                case 1 -> {
                    int length = (1 << 20) + random.nextInt(1 << 20);
                    metadata.put("big", "x".repeat(length));
                    shape = "one value of " + length + " chars";
                }
                case 2 -> {
                    metadata.put(randomString(random, 5_000), "long key");
                    metadata.put("nested", Map.of("a", List.of(1, Map.of("b", List.of()))));
                    shape = "5000-char key and nested values";
                }
                default -> {
                    metadata.put("\u0000\u202e\ud83d\ude00 `key`", randomString(random, 100));
                    metadata.put("n", random.nextBoolean() ? Double.MAX_VALUE : Long.MIN_VALUE);
                    shape = "control chars, emoji and extreme numbers";
                }
            }
            Map<String, Object> body = Map.of("parts", List.of(textPart("metadata fuzz " + i)), "metadata", metadata);
            expectSafe("/items metadata " + shape, true, () -> api.postJson("/items", body));
            String form = ApiClient.json(metadata);
            expectSafe("/items multipart metadata " + shape, true, () -> api.postMultipart("/items",
                    new ApiClient.Multipart().text("text", "metadata fuzz").text("metadata", form)));
        }
        assertNoFailures();
    }

    @Test
    void oddIdsNeverFailTheServer() {
        category = "ids";
        SplittableRandom random = new SplittableRandom(8_007);
        List<String> ids = new ArrayList<>(List.of("../x", "..", ".", "%2F", "a/b", "a%2Fb", "x".repeat(10_240), "\u0000",
                "\r\nX-Injected: 1", "\u202e\ud83d\ude00", "\u00e9t\u00e9", "a b", "a?b", "a#b", ";", "id;jsessionid=1",
                "\\..\\x", "CON", "~", "@", "-", ":", "a".repeat(256), "a".repeat(257), " ", "\t", "\ud800"));
        for (int i = 0; i < 23; i++) {
            ids.add(randomString(random, 1 + random.nextInt(40)));
        }
        for (String id : ids) {
            String shown = abbreviate(id);
            expectSafe("/items json id=" + shown, true,
                    () -> api.postJson("/items", Map.of("id", id, "parts", List.of(textPart("odd id")))));
            expectSafe("/items multipart id=" + shown, true, () -> api.postMultipart("/items",
                    new ApiClient.Multipart().text("id", id).text("text", "odd id")));
            String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
            expectSafeInPath("GET /items/" + shown, false, () -> api.get("/items/" + encoded));
            expectSafeInPath("GET /items/" + shown + "/content", false, () -> api.get("/items/" + encoded + "/content"));
            expectSafeInPath("DELETE /items/" + shown, false, () -> api.delete("/items/" + encoded));
            expectSafe("/search itemId=" + shown, false, () -> api.postJson("/search", Map.of("itemId", id)));
        }
        for (String raw : List.of("../x", "%2F", "%2e%2e%2fx", "a%2Fb", "%00", "%ZZ", "..%2F..%2Fetc%2Fpasswd", "%c0%af")) {
            expectSafeInPath("GET /items/" + raw + " (raw path)", false, () -> rawGet("/items/" + raw));
        }
        assertNoFailures();
    }

    @Test
    void randomFilterExpressionsNeverFailTheServer() {
        category = "filters";
        SplittableRandom random = new SplittableRandom(8_008);
        ingest("f1", List.of(textPart("filter target")), Map.of("genre", "jazz", "year", 2020, "ok", true));
        String[] tokens = {"genre", "year", "ok", "modality", "mimeType", "createdAt", "id", "`we ird`", "==", "!=", "<",
                "<=", ">", ">=", "in", "nin", "&&", "||", "not", "(", ")", "[", "]", ",", "'jazz'", "\"x\"", "'", "2020",
                "-1e309", "1e309", "NaN", "true", "false", "null", "\u00e9", "\\", "`", "'\u0000'", "99999999999999999999"};
        for (int i = 0; i < 90; i++) {
            StringBuilder expression = new StringBuilder();
            int length = random.nextInt(12);
            for (int t = 0; t < length; t++) {
                expression.append(tokens[random.nextInt(tokens.length)]).append(random.nextBoolean() ? " " : "");
            }
            if (i % 15 == 14) {
                expression.append("(".repeat(5_000)).append("ok").append(")".repeat(5_000));
            }
            String filter = expression.toString();
            String encoded = URLEncoder.encode(filter, StandardCharsets.UTF_8);
            String shown = abbreviate(filter);
            switch (i % 3) {
                case 0 -> expectSafe("GET /items?filter=" + shown, false, () -> api.get("/items?filter=" + encoded));
                case 1 -> expectSafe("GET /items/count?filter=" + shown, false,
                        () -> api.get("/items/count?filter=" + encoded));
                default -> expectSafe("/search filter=" + shown, false,
                        () -> api.postJson("/search", Map.of("itemId", "f1", "filter", filter)));
            }
        }
        assertNoFailures();
    }

    // ---- the invariants -------------------------------------------------------------------------

    private int expectSafe(String input, boolean ingests, Supplier<ApiClient.Response> request) {
        return expectSafe(input, ingests, request, false);
    }

    /**
     * For an odd id in the URL path. Tomcat's connector refuses some paths before the application
     * sees them (an encoded slash or backslash, {@code ..}, {@code %00}, a request line over 8 KB);
     * those answers must be problem+json too.
     */
    private void expectSafeInPath(String input, boolean ingests, Supplier<ApiClient.Response> request) {
        expectSafe(input, ingests, request, true);
    }

    /** Sends one input, records any broken invariant, and returns the status (-1 for no answer). */
    private int expectSafe(String input, boolean ingests, Supplier<ApiClient.Response> request, boolean inPath) {
        INPUTS_TRIED.merge(category, 1, Integer::sum);
        long before = ingests ? count() : 0;
        ApiClient.Response response;
        try {
            response = request.get();
        } catch (IllegalStateException e) {
            boolean hang = e.getCause() instanceof HttpTimeoutException;
            failures.add((hang ? "HANG (> " + REQUEST_TIMEOUT.toSeconds() + " s): " : "NO ANSWER (" + e.getMessage() + "): ")
                    + input);
            return -1;
        }
        int status = response.status();
        STATUSES.computeIfAbsent(category, c -> new ConcurrentSkipListMap<>()).merge(status, 1, Integer::sum);
        String text = response.text();
        if (status >= 500) {
            failures.add(status + " for " + input + " -> " + abbreviate(text));
        }
        if (status >= 400) {
            // Paths Tomcat refuses before the application (an encoded slash, %00) are answered by
            // ProblemErrorReportValve, so they are problem+json like everything else.
            if (!response.contentType().startsWith("application/problem+json")) {
                failures.add(status + " not problem+json (" + response.contentType() + ") for " + input + " -> "
                        + abbreviate(text));
            }
            for (String leak : List.of("Exception", "java.", "at dev.", "org.springframework", "tools.jackson", "\tat ",
                    "Apache Tomcat/")) {
                if (text.contains(leak)) {
                    failures.add(status + " leaks '" + leak + "' for " + input + " -> " + abbreviate(text));
                }
            }
        }
        if (!ingests) {
            return status;
        }
        if (status == 202) {
            // Long media: a job does the ingest. Its end decides what the count may do.
            String job = awaitJob(response.header("Location"), input);
            long afterJob = count();
            if ("failed".equals(job) && afterJob != before) {
                failures.add("failed job changed the count " + before + " -> " + afterJob + ": " + input);
            } else if ("succeeded".equals(job) && afterJob != before + 1 && afterJob != before) {
                failures.add("succeeded job changed the count " + before + " -> " + afterJob + ": " + input);
            }
            return status;
        }
        long after = count();
        if (status >= 400 && after != before) {
            failures.add("failed ingest (" + status + ") changed the count " + before + " -> " + after + ": " + input);
        }
        if (status == 201) {
            String id = response.json().get("id").asString();
            int readBack = api.get("/items/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")).status();
            if (readBack != 200 || after != before + 1) {
                failures.add("201 but GET answered " + readBack + ", count " + before + " -> " + after + ": " + input);
            }
        }
        return status;
    }

    /** Polls a job until it ends; its final status, or null (recorded as a hang) when it does not end. */
    private String awaitJob(String location, String input) {
        for (int i = 0; i < 1200; i++) {
            ApiClient.Response job = api.get(location);
            String status = job.json().get("status").asString();
            if (status.equals("succeeded") || status.equals("failed")) {
                if (status.equals("failed") && !job.json().get("error").has("type")) {
                    failures.add("failed job without a problem: " + input);
                }
                return status;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        failures.add("HANG (job at " + location + " not done in 60 s): " + input);
        return null;
    }

    /** A GET with the path sent byte for byte, which {@link java.net.URI} would refuse to build. */
    private ApiClient.Response rawGet(String path) {
        java.net.URI base = java.net.URI.create(api.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = answer.indexOf("\r\n\r\n");
            String head = headerEnd < 0 ? answer : answer.substring(0, headerEnd);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon), List.of(line.substring(colon + 1).trim()));
                }
            }
            int status = Integer.parseInt(head.split(" ")[1]);
            String body = headerEnd < 0 ? "" : answer.substring(headerEnd + 4);
            return new ApiClient.Response(status, java.net.http.HttpHeaders.of(headers, (a, b) -> true),
                    body.getBytes(StandardCharsets.UTF_8));
        } catch (java.net.SocketTimeoutException e) {
            throw new IllegalStateException(e.toString(), new HttpTimeoutException(e.getMessage()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    private long count() {
        ApiClient.Response response = api.get("/items/count");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("count").asLong();
    }

    private void assertNoFailures() {
        assertThat(failures).as("%s: %d failures, seeds fixed in the test", category, failures.size()).isEmpty();
    }

    // ---- generators -----------------------------------------------------------------------------

    private static Map<String, Object> validBody(String path, SplittableRandom random) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("parts", List.of(Map.of("text", "fuzz " + random.nextInt(1000))));
        switch (path) {
            case "/items" -> {
                body.put("id", "fz-" + random.nextInt(1000));
                body.put("title", "t");
                body.put("metadata", Map.of("k", "v"));
            }
            case "/search" -> {
                body.put("text", "query");
                body.put("topK", 5);
                body.put("filter", "k == 'v'");
            }
            default -> {
                body.put("task", "retrieval-document");
                body.put("dimensions", 768);
            }
        }
        return body;
    }

    private static Object mutate(Map<String, Object> body, SplittableRandom random) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        String[] keys = {"id", "parts", "title", "metadata", "text", "topK", "offset", "minScore", "filter", "task",
                "itemId", "queries", "groupBy", "diversity", "hybrid", "dimensions", "unknown"};
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            String key = keys[random.nextInt(keys.length)];
            if (random.nextInt(4) == 0) {
                Map<String, Object> part = new LinkedHashMap<>();
                part.put(key, randomValue(random, 2));
                copy.put("parts", List.of(part));
            } else {
                copy.put(key, randomValue(random, 0));
            }
        }
        return copy;
    }

    private static Object randomValue(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth > 3 ? 7 : 10);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt();
            case 3 -> random.nextBoolean() ? random.nextDouble() * 1e308 : -random.nextLong();
            case 4 -> randomString(random, random.nextInt(40));
            case 5 -> random.nextInt(8) == 0 ? "\ud83d\ude00".repeat(50_000) : randomString(random, 3);
            case 6 -> "";
            case 7, 8 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomString(random, 6), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String deepNesting(SplittableRandom random) {
        int depth = 1_000 + random.nextInt(100_000);
        return random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"parts\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth + 1);
    }

    private static String randomString(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(6);
            int codePoint = switch (kind) {
                case 0 -> random.nextInt(0x20);
                case 1 -> 0x20 + random.nextInt(0x5f);
                case 2 -> 0xa0 + random.nextInt(0x2000);
                case 3 -> 0x1f600 + random.nextInt(0x50);
                case 4 -> "'\"`\\/%{}[]<>&|=!".charAt(random.nextInt(16));
                default -> 0x4e00 + random.nextInt(0x5000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static String randomFrom(SplittableRandom random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] mutatedFixture(SplittableRandom random) {
        byte[] data = MediaFixtures.bytes(FIXTURES[random.nextInt(FIXTURES.length)]);
        data = java.util.Arrays.copyOf(data, 1 + random.nextInt(data.length));
        data[random.nextInt(data.length)] ^= (byte) 0xff;
        return data;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)
                ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 160 ? text.substring(0, 160) + "...(" + text.length() + " chars)" : text;
        StringBuilder escaped = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }
}
