package dev.geminisearch.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Gemini embedding endpoint for memory benchmarks of the service: it answers {@code :embedContent}
 * and {@code :batchEmbedContents} (any API version and model) in the real wire format, like the test
 * suite's {@code FakeGemini}, but streams every request instead of holding it. {@code FakeGemini}
 * parses a body whole into a tree and keeps every call it receives; with segments of tens of
 * megabytes of base64 its own heap would grow with the video and compete for the benchmark machine.
 * Here each base64 {@code data} string is decoded as it is read into a SHA-256 and a byte count, so
 * the fake holds a few kilobytes per call whatever the segment size.
 *
 * <p>The vector of a request is a pseudo-random unit vector seeded by the SHA-256 of its text and
 * decoded media, of the {@code outputDimensionality} asked for (3072 when none): the same input
 * always gets the same vector. The API key must be {@link #API_KEY}.
 *
 * <p>{@code GET /stats} answers one line, {@code calls=N contents=N inlineBytes=N maxInlineBytes=N
 * requestBytes=N maxRequestBytes=N}: calls received, contents embedded, decoded media bytes (in all,
 * and the most in one content), and HTTP body bytes (in all, and the largest body).
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(deps) dev.geminisearch.bench.StreamingFakeGemini [port] [port-file]
 * </pre>
 * Port 0 (the default) takes a free port; it is printed as {@code PORT n} and, when a port file is
 * given, written there once the server listens. Runs until killed.
 */
public final class StreamingFakeGemini implements AutoCloseable {

    public static final String API_KEY = "test-key";
    private static final int FULL_DIMENSIONS = 3072;
    private static final Pattern PATH = Pattern.compile("/v1[a-z0-9]*/models/[^/:]+:(embedContent|batchEmbedContents)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong contents = new AtomicLong();
    private final AtomicLong inlineBytes = new AtomicLong();
    private final AtomicLong maxInlineBytes = new AtomicLong();
    private final AtomicLong requestBytes = new AtomicLong();
    private final AtomicLong maxRequestBytes = new AtomicLong();

    /** One content of a request, as far as the fake needs it. */
    private static final class Content {
        final MessageDigest digest = sha256();
        long mediaBytes;
        int dimensions = FULL_DIMENSIONS;
    }

    public StreamingFakeGemini(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        StreamingFakeGemini fake = new StreamingFakeGemini(port);
        System.out.println("PORT " + fake.port());
        System.out.flush();
        if (args.length > 1) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[1]), Integer.toString(fake.port()));
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The {@code GET /stats} line. */
    public String stats() {
        return String.format(Locale.ROOT, "calls=%d contents=%d inlineBytes=%d maxInlineBytes=%d requestBytes=%d maxRequestBytes=%d",
                calls.get(), contents.get(), inlineBytes.get(), maxInlineBytes.get(), requestBytes.get(), maxRequestBytes.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("GET") && path.equals("/stats")) {
                send(exchange, 200, "text/plain", (stats() + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            var matcher = PATH.matcher(path);
            if (!exchange.getRequestMethod().equals("POST") || !matcher.matches()) {
                sendError(exchange, 404, "NOT_FOUND", "no such method: " + path);
                return;
            }
            // Read the whole body even for a bad key, so that the client is never cut off mid-upload.
            CountingInputStream body = new CountingInputStream(exchange.getRequestBody());
            List<Content> parsed;
            try (InputStream in = body) {
                parsed = parse(in);
            }
            calls.incrementAndGet();
            requestBytes.addAndGet(body.count);
            maxRequestBytes.accumulateAndGet(body.count, Math::max);
            if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("x-goog-api-key"))) {
                sendError(exchange, 400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.");
                return;
            }
            if (parsed.isEmpty()) {
                sendError(exchange, 400, "INVALID_ARGUMENT", "no content to embed");
                return;
            }
            StringBuilder response = new StringBuilder(parsed.size() * 16 * FULL_DIMENSIONS);
            boolean single = matcher.group(1).equals("embedContent");
            response.append(single ? "{\"embedding\":" : "{\"embeddings\":[");
            for (int i = 0; i < parsed.size(); i++) {
                Content content = parsed.get(i);
                contents.incrementAndGet();
                inlineBytes.addAndGet(content.mediaBytes);
                maxInlineBytes.accumulateAndGet(content.mediaBytes, Math::max);
                if (i > 0) {
                    response.append(',');
                }
                appendVector(response, content);
            }
            response.append(single ? "}" : "]}");
            send(exchange, 200, "application/json; charset=UTF-8", response.toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            sendError(exchange, 500, "INTERNAL", "fake failed: " + e);
        }
    }

    /**
     * Walks the JSON tokens once. Every object holding a {@code content} object is one request: its
     * {@code outputDimensionality} applies to that content, and the content's {@code text} strings and
     * decoded {@code data} strings go into the content's digest. The {@code data} strings are decoded
     * as they stream past and never held.
     */
    private List<Content> parse(InputStream in) {
        List<Content> parsed = new ArrayList<>();
        Deque<Frame> objects = new ArrayDeque<>();
        Content current = null;
        String name = null; // the property whose value comes next; null inside arrays
        try (JsonParser parser = json.createParser(in)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.PROPERTY_NAME) {
                    name = parser.currentName();
                    continue;
                }
                if (token == JsonToken.START_OBJECT) {
                    if ("content".equals(name) && !objects.isEmpty()) {
                        current = new Content();
                        parsed.add(current);
                        objects.peek().content = current;
                    }
                    objects.push(new Frame());
                } else if (token == JsonToken.END_OBJECT) {
                    Frame frame = objects.pop();
                    if (frame.content != null && frame.dimensions != null) {
                        frame.content.dimensions = frame.dimensions;
                    }
                } else if (token == JsonToken.VALUE_NUMBER_INT && "outputDimensionality".equals(name)) {
                    objects.peek().dimensions = parser.getIntValue();
                } else if (token == JsonToken.VALUE_STRING && current != null && "data".equals(name)) {
                    DigestOutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), current.digest);
                    current.mediaBytes += parser.readBinaryValue(sink);
                } else if (token == JsonToken.VALUE_STRING && current != null && "text".equals(name)) {
                    current.digest.update(parser.getString().getBytes(StandardCharsets.UTF_8));
                }
                name = null;
            }
        }
        return parsed;
    }

    /** An open JSON object: the content and the outputDimensionality it holds directly, if any. */
    private static final class Frame {
        Content content;
        Integer dimensions;
    }

    private static void appendVector(StringBuilder out, Content content) {
        byte[] digest = content.digest.digest();
        SplittableRandom random = new SplittableRandom(ByteBuffer.wrap(digest).getLong());
        double[] values = new double[content.dimensions];
        double norm = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() * 2 - 1;
            norm += values[i] * values[i];
        }
        double inverse = 1 / Math.sqrt(norm);
        out.append("{\"values\":[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append((float) (values[i] * inverse));
        }
        out.append("]}");
    }

    private static void sendError(HttpExchange exchange, int httpStatus, String status, String message) throws IOException {
        String body = "{\"error\":{\"code\":" + httpStatus + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "'")
                + "\",\"status\":\"" + status + "\",\"details\":[]}}";
        send(exchange, httpStatus, "application/json; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
