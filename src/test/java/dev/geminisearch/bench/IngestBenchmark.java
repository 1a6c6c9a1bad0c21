package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import dev.geminisearch.item.ItemService;
import dev.geminisearch.item.NewItem;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.support.FakeGemini;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk ingestion throughput against a Gemini that takes {@code delay} ms per call (a {@link FakeGemini}
 * speaking the real wire format to the real SDK), through the real application started in this JVM
 * with an in-memory store. Not a test: run it with {@code bench/ingest.sh}, or
 *
 * <pre>
 * java -Xmx2g -cp target/test-classes:target/classes:$(deps) dev.geminisearch.bench.IngestBenchmark [key=value ...]
 * </pre>
 *
 * <p>Options (defaults): {@code items=1000} texts for each bulk path; {@code sample=50} items for the
 * one-call-per-item baseline; {@code delay=300} ms the fake adds to every call; {@code clients=4}
 * parallel HTTP clients; {@code batchConcurrency=4} (GEMINI_BATCH_CONCURRENCY); {@code dims=3072};
 * {@code rpm=30} requests-per-minute cap for the budget phase and {@code rpmSeconds=100} its length
 * (0 skips it).
 *
 * <p>Phases, each with texts of its own (so the embedding cache never answers), each timed from the
 * first request to the last answer:
 * <ol>
 *   <li>baseline: {@code sample} x {@code POST /items}, one after another: one Gemini call per item;</li>
 *   <li>reference: the same with 8 clients at once (the default GEMINI_MAX_CONCURRENT_CALLS);</li>
 *   <li>{@code items} texts as {@code POST /items:batch} of 100 (the API's maximum), one client;</li>
 *   <li>the same from {@code clients} clients at once;</li>
 *   <li>{@code ItemService.ingestAll} of all {@code items} in one call (the bean behind {@code /items:batch}),
 *       which splits them into calls of 100 and keeps {@code batchConcurrency} of them in flight.</li>
 * </ol>
 * Then, in a second application with {@code gemini.max-requests-per-minute=rpm}, {@code clients}
 * clients post batches of 10 texts (one Gemini call each) for {@code rpmSeconds}: the arrival time of
 * every call at the fake gives the most calls in any 60-second window and the rate after the first
 * minute, against the cap; the answers' statuses show whether calls over the cap waited or failed.
 */
public final class IngestBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> options;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> results = new ArrayList<>();
    private FakeGemini gemini;
    private InProcessService service;
    private int phase;
    /** What the fake adds to every call in the current phase. */
    private Duration callDelay = Duration.ZERO;

    private IngestBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("items", "1000", "sample", "50", "delay", "300",
                "clients", "4", "batchConcurrency", "4", "dims", "3072", "rpm", "30", "rpmSeconds", "100"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !options.containsKey(kv[0])) {
                System.err.println("unknown option " + arg + "; known: " + options.keySet());
                System.exit(2);
            }
            options.put(kv[0], kv[1]);
        }
        try {
            new IngestBenchmark(options).run();
        } finally {
            // The SDK's HTTP client threads are not daemons.
            System.exit(0);
        }
    }

    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        int items = option("items");
        int sample = option("sample");
        int clients = option("clients");
        Duration delay = Duration.ofMillis(option("delay"));
        line("IngestBenchmark %s; java %s, %d processors, load average %s", options, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        gemini = new FakeGemini(64);
        try {
            service = new InProcessService(serviceProperties(0));
            try {
                // Warm up the JIT and the connections on a few calls without delay, outside any timing.
                phase(() -> perItem(20, 1), "warm-up", 20, false);
                phase(() -> batches(200, 1), "warm-up", 200, false);

                callDelay = delay;
                Measured baseline = phase(() -> perItem(sample, 1), "baseline", sample, true);
                double baseRate = baseline.itemsPerSecond();
                report(String.format("one call per item: %d x POST /items, 1 client (baseline)", sample), baseline, baseRate);
                Measured parallelSingles = phase(() -> perItem(sample, 8), "singles x8", sample, true);
                report(String.format("one call per item: %d x POST /items, 8 clients", sample), parallelSingles, baseRate);
                Measured batchOne = phase(() -> batches(items, 1), "batch x1", items, true);
                report(String.format("bulk: %d items as POST /items:batch of 100, 1 client", items), batchOne, baseRate);
                Measured batchMany = phase(() -> batches(items, clients), "batch x" + clients, items, true);
                report(String.format("bulk: %d items as POST /items:batch of 100, %d clients", items, clients), batchMany, baseRate);
                Measured inProcess = phase(() -> ingestAll(items), "ingestAll", items, true);
                report(String.format("bulk: ItemService.ingestAll of %d items in one call (batch concurrency %s)", items,
                        options.get("batchConcurrency")), inProcess, baseRate);
                results.add("baseline_items_per_s=" + fmt2(baseRate));
                results.add("bulk_http_ratio=" + fmt1(batchMany.itemsPerSecond() / baseRate));
                results.add("bulk_ingestall_ratio=" + fmt1(inProcess.itemsPerSecond() / baseRate));
            } finally {
                service.close();
            }
            if (option("rpmSeconds") > 0) {
                requestsPerMinuteBudget(delay, clients);
            }
        } finally {
            gemini.close();
        }
        System.out.println();
        System.out.println("| path | items | Gemini calls (texts per call, most in flight) | time | items/s | vs baseline |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
        System.out.println();
        results.forEach(result -> System.out.println("RESULT " + result));
    }

    private Map<String, String> serviceProperties(int requestsPerMinute) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("store.type", "memory");
        properties.put("gemini.base-url", gemini.baseUrl());
        properties.put("gemini.api-key", FakeGemini.API_KEY);
        properties.put("embedding.dimensions", options.get("dims"));
        properties.put("gemini.batch-concurrency", options.get("batchConcurrency"));
        properties.put("gemini.max-requests-per-minute", Integer.toString(requestsPerMinute));
        return properties;
    }

    /** What one phase did. */
    private record Measured(int items, long nanos, int calls, int maxTextsPerCall, int peakInFlight, Map<Integer, Integer> statuses) {
        double itemsPerSecond() {
            return items / secs(nanos);
        }
    }

    @FunctionalInterface
    private interface Work {
        Map<Integer, Integer> run() throws Exception;
    }

    /** Runs one phase against a fake with no recorded calls and checks that every item was stored. */
    private Measured phase(Work work, String name, int items, boolean print) throws Exception {
        phase++;
        gemini.reset();
        gemini.delayEveryCall(callDelay);
        long before = storedCount();
        long start = System.nanoTime();
        Map<Integer, Integer> statuses = work.run();
        long nanos = System.nanoTime() - start;
        long stored = storedCount() - before;
        int maxTexts = gemini.calls().stream().mapToInt(call -> call.contents().size()).max().orElse(0);
        Measured measured = new Measured(items, nanos, gemini.callCount(), maxTexts, gemini.peakConcurrentCalls(), statuses);
        if (stored != items) {
            throw new IllegalStateException(name + ": " + stored + " items stored of " + items + "; statuses " + statuses);
        }
        if (print) {
            line("%-12s %5d items in %8.0f ms: %7.1f items/s, %4d Gemini calls (<= %d texts each, <= %d in flight), statuses %s",
                    name, items, ms(nanos), measured.itemsPerSecond(), measured.calls(), maxTexts, measured.peakInFlight(), statuses);
        }
        return measured;
    }

    private void report(String path, Measured m, double baseRate) {
        rows.add(new String[] {path, Integer.toString(m.items()),
                m.calls() + " (" + m.maxTextsPerCall() + ", " + m.peakInFlight() + ")", fmt0(ms(m.nanos())) + " ms",
                fmt1(m.itemsPerSecond()), fmt1(m.itemsPerSecond() / baseRate) + "x"});
    }

    private long storedCount() {
        return JSON.readTree(service.get("/items/count").body()).get("count").asLong();
    }

    private String text(int i) {
        // Distinct words per item and phase, so that no two items share a vector or a cache entry.
        return "phase" + phase + " item" + i + " word" + (i % 97) + " topic" + (i % 13);
    }

    private Map<String, Object> itemJson(int i) {
        return Map.of("id", "p" + phase + "-" + i, "parts", List.of(Map.of("text", text(i))), "metadata", Map.of("n", i));
    }

    /** {@code count} single POST /items from {@code clients} clients at once. */
    private Map<Integer, Integer> perItem(int count, int clients) throws Exception {
        return inParallel(clients, count, i -> service.postJson("/items", JSON.writeValueAsString(itemJson(i))));
    }

    /** {@code count} items in POST /items:batch requests of 100 from {@code clients} clients at once. */
    private Map<Integer, Integer> batches(int count, int clients) throws Exception {
        int requests = (count + 99) / 100;
        Map<Integer, Integer> itemStatuses = new ConcurrentHashMap<>();
        inParallel(clients, requests, r -> {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = r * 100; i < Math.min(count, (r + 1) * 100); i++) {
                batch.add(itemJson(i));
            }
            HttpResponse<String> response = service.postJson("/items:batch", JSON.writeValueAsString(Map.of("items", batch)));
            if (response.statusCode() == 200) {
                for (JsonNode result : JSON.readTree(response.body()).get("results")) {
                    itemStatuses.merge(result.get("status").asInt(), 1, Integer::sum);
                }
            }
            return response;
        });
        return new java.util.TreeMap<>(itemStatuses);
    }

    private Map<Integer, Integer> ingestAll(int count) {
        List<NewItem> newItems = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            newItems.add(new NewItem("p" + phase + "-" + i, List.of(new Part.Text(text(i))), null, Map.of("n", i)));
        }
        Map<Integer, Integer> outcomes = new java.util.TreeMap<>();
        for (ItemService.BatchOutcome outcome : service.bean(ItemService.class).ingestAll(newItems)) {
            outcomes.merge(outcome.failure() == null ? (outcome.result().created() ? 201 : 200) : 500, 1, Integer::sum);
        }
        return outcomes;
    }

    @FunctionalInterface
    private interface Request {
        HttpResponse<String> send(int index) throws Exception;
    }

    /** Sends requests 0..count-1, each client taking the next index; answers the count of each HTTP status. */
    private static Map<Integer, Integer> inParallel(int clients, int count, Request request) throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        statuses.merge(request.send(i).statusCode(), 1, Integer::sum);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new java.util.TreeMap<>(statuses);
    }

    // ---- the requests-per-minute budget ----

    private void requestsPerMinuteBudget(Duration delay, int clients) throws Exception {
        int rpm = option("rpm");
        int seconds = option("rpmSeconds");
        gemini.reset();
        service = new InProcessService(serviceProperties(rpm));
        try {
            phase++;
            gemini.reset();
            gemini.delayEveryCall(delay);
            line("budget: %d clients posting batches of 10 texts for %d s against gemini.max-requests-per-minute=%d", clients,
                    seconds, rpm);
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            Map<Integer, Integer> itemStatuses = new ConcurrentHashMap<>();
            AtomicInteger nextBatch = new AtomicInteger();
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        int b = nextBatch.getAndIncrement();
                        List<Map<String, Object>> batch = new ArrayList<>();
                        for (int i = b * 10; i < b * 10 + 10; i++) {
                            batch.add(itemJson(i));
                        }
                        HttpResponse<String> response = service.postJson("/items:batch",
                                JSON.writeValueAsString(Map.of("items", batch)));
                        statuses.merge(response.statusCode(), 1, Integer::sum);
                        if (response.statusCode() == 200) {
                            for (JsonNode result : JSON.readTree(response.body()).get("results")) {
                                itemStatuses.merge(result.get("status").asInt(), 1, Integer::sum);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            pool.shutdownNow();
            long elapsed = System.nanoTime() - start;
            List<Long> arrivals = gemini.callArrivalNanos();
            long window = Duration.ofMinutes(1).toNanos();
            int maxInWindow = 0;
            for (int i = 0, j = 0; i < arrivals.size(); i++) {
                while (j < arrivals.size() && arrivals.get(j) - arrivals.get(i) < window) {
                    j++;
                }
                maxInWindow = Math.max(maxInWindow, j - i);
            }
            long first = arrivals.isEmpty() ? start : arrivals.get(0);
            int firstMinute = (int) arrivals.stream().filter(t -> t - first < window).count();
            int afterFirstMinute = arrivals.size() - firstMinute;
            double afterSeconds = secs(elapsed - (first - start) - window);
            double sustained = afterSeconds > 0 ? afterFirstMinute / afterSeconds * 60 : Double.NaN;
            line("budget: %d Gemini calls in %.1f s; most in any 60 s window %d; first minute %d; after it %d calls in %.1f s"
                            + " = %.1f per minute; HTTP statuses %s, item statuses %s", arrivals.size(), secs(elapsed), maxInWindow,
                    firstMinute, afterFirstMinute, afterSeconds, sustained, new java.util.TreeMap<>(statuses),
                    new java.util.TreeMap<>(itemStatuses));
            rows.add(new String[] {"budget: batches of 10 texts, " + clients + " clients, " + seconds + " s, cap " + rpm
                    + "/min: most Gemini calls in any 60 s window", Integer.toString(itemStatuses.values().stream()
                    .mapToInt(Integer::intValue).sum()), arrivals.size() + " (10, " + gemini.peakConcurrentCalls() + ")",
                    fmt0(ms(elapsed)) + " ms", maxInWindow + " calls / 60 s", fmt2(maxInWindow / (double) rpm) + "x of the cap"});
            rows.add(new String[] {"budget: calls per minute after the first minute (the refill rate)", "-", Integer.toString(afterFirstMinute),
                    fmt1(afterSeconds) + " s", fmt1(sustained) + " calls/min", fmt2(sustained / rpm) + "x of the cap"});
            rows.add(new String[] {"budget: answers", "-", "-", "-", "HTTP " + new java.util.TreeMap<>(statuses) + ", items "
                    + new java.util.TreeMap<>(itemStatuses), "-"});
            results.add("rpm_cap=" + rpm);
            results.add("rpm_max_in_60s=" + maxInWindow);
            results.add("rpm_after_first_minute=" + fmt1(sustained));
        } finally {
            service.close();
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
