package dev.geminisearch.embedding;

import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@link Embedder#embedAll} for Gemini: requests that become one text once prompted go to
 * {@code batchEmbedContents} (the SDK's {@code List<String>} overload), at most
 * {@value #MAX_TEXTS_PER_CALL} a call and grouped by size; any other request (media, several parts,
 * or gemini-embedding-001 with a task, whose task type and title are per call) is embedded alone.
 * Kept apart from {@link GeminiEmbedder} so that the upstream call itself stays there.
 *
 * <p>The calls of one {@link #embedAll} run up to {@code concurrency} at a time (GEMINI_BATCH_CONCURRENCY):
 * each costs a Gemini round trip of a few hundred milliseconds, so a thousand texts in ten calls
 * one after another would spend seconds waiting. The calling thread does one share of the work and
 * up to {@code concurrency - 1} pool threads the rest; the pool has as many threads as Gemini has
 * call slots (GEMINI_MAX_CONCURRENT_CALLS), since more could only wait for a slot. A helper that has
 * not started by the time the caller ran out of work is cancelled, so a busy pool delays nothing.
 * The caller's request deadline ({@link RequestDeadline}) goes along to the helpers, and the
 * requests-per-minute cap and the call slots bound every call wherever it runs.
 *
 * <p>All or nothing, as {@link Embedder#embedAll} promises: after the first failure no further call
 * starts, the calls in flight are waited for, and the failure is thrown. Thread-safe.
 */
final class BatchEmbedder implements AutoCloseable {

    /** Gemini's limit on requests in one {@code batchEmbedContents} call. */
    static final int MAX_TEXTS_PER_CALL = 100;

    /** One upstream call for these texts at this size, retried and metered by the caller. */
    @FunctionalInterface
    interface BatchCall {
        EmbedContentResponse call(List<String> texts, int dimensions);
    }

    private final boolean legacyModel;
    private final Function<EmbeddingRequest, float[]> single;
    private final BatchCall batch;
    private final int concurrency;
    /** Null when concurrency is 1: everything then runs on the caller's thread. */
    private final ThreadPoolExecutor helpers;

    /**
     * @param concurrency upstream calls of one {@link #embedAll} in flight at once, at least 1
     * @param poolThreads threads shared by all callers for the calls beyond the caller's own
     */
    BatchEmbedder(boolean legacyModel, Function<EmbeddingRequest, float[]> single, BatchCall batch, int concurrency,
                  int poolThreads) {
        if (concurrency < 1 || poolThreads < 1) {
            throw new IllegalArgumentException("concurrency and pool threads must be at least 1");
        }
        this.legacyModel = legacyModel;
        this.single = single;
        this.batch = batch;
        this.concurrency = concurrency;
        if (concurrency == 1) {
            this.helpers = null;
        } else {
            this.helpers = new ThreadPoolExecutor(poolThreads, poolThreads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemonThreads());
            // Idle between bulk ingests, so the threads go away rather than sit there.
            this.helpers.allowCoreThreadTimeOut(true);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "gemini-batch-" + number.incrementAndGet());
            // Never the reason a JVM stays up: the pool only serves callers that wait for it.
            thread.setDaemon(true);
            return thread;
        };
    }

    List<float[]> embedAll(List<EmbeddingRequest> requests) {
        float[][] vectors = new float[requests.size()][];
        Map<Integer, List<Integer>> textsBySize = new LinkedHashMap<>();
        String[] texts = new String[requests.size()];
        List<Runnable> calls = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            EmbeddingRequest request = requests.get(i);
            String text = batchableText(request);
            if (text == null) {
                int index = i;
                calls.add(() -> vectors[index] = single.apply(request));
            } else {
                texts[i] = text;
                textsBySize.computeIfAbsent(request.dimensions(), size -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Integer, List<Integer>> group : textsBySize.entrySet()) {
            List<Integer> indexes = group.getValue();
            int dimensions = group.getKey();
            for (int from = 0; from < indexes.size(); from += MAX_TEXTS_PER_CALL) {
                List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + MAX_TEXTS_PER_CALL));
                calls.add(() -> {
                    List<String> chunkTexts = new ArrayList<>(chunk.size());
                    for (int i : chunk) {
                        chunkTexts.add(texts[i]);
                    }
                    List<float[]> answered = vectorsOf(batch.call(chunkTexts, dimensions), chunk.size(), dimensions);
                    for (int n = 0; n < chunk.size(); n++) {
                        vectors[chunk.get(n)] = answered.get(n);
                    }
                });
            }
        }
        runAll(calls);
        return List.of(vectors);
    }

    /** Runs every call, at most {@code concurrency} at once; throws the first failure once none is in flight. */
    private void runAll(List<Runnable> calls) {
        int helperCount = helpers == null ? 0 : Math.min(concurrency, calls.size()) - 1;
        if (helperCount <= 0) {
            calls.forEach(Runnable::run);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            while (failure.get() == null) {
                int index = next.getAndIncrement();
                if (index >= calls.size()) {
                    return;
                }
                try {
                    calls.get(index).run();
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        Duration requestLeft = RequestDeadline.remaining();
        long requestDeadline = requestLeft == null ? 0 : System.nanoTime() + requestLeft.toNanos();
        List<Helper> started = new ArrayList<>(helperCount);
        for (int i = 0; i < helperCount; i++) {
            Helper helper = new Helper(requestLeft == null ? worker : () -> {
                // The helper works for the caller's request, so it gets what is left of that request's time.
                try (RequestDeadline ignored = RequestDeadline.start(Duration.ofNanos(requestDeadline - System.nanoTime()))) {
                    worker.run();
                }
            });
            helper.future = helpers.submit(helper);
            started.add(helper);
        }
        worker.run();
        awaitHelpers(started, failure);
        Throwable first = failure.get();
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    /**
     * One share of the work on a pool thread, which the caller may abandon while it still waits in
     * the queue (then it never runs); once it runs, the caller waits for it.
     */
    private static final class Helper implements Runnable {
        private final Runnable work;
        /** Whoever sets it first decides: the helper (it runs) or the caller (it never will). */
        private final AtomicBoolean claimed = new AtomicBoolean();
        private Future<?> future;

        Helper(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                work.run();
            }
        }

        /** True when the helper had not started and now never will. */
        boolean abandon() {
            if (claimed.compareAndSet(false, true)) {
                future.cancel(false);
                return true;
            }
            return false;
        }
    }

    /** Waits for the helpers that started; the ones still queued are abandoned, as the work is done or failed. */
    private static void awaitHelpers(List<Helper> started, AtomicReference<Throwable> failure) {
        boolean interrupted = false;
        try {
            for (Helper helper : started) {
                if (helper.abandon()) {
                    continue;
                }
                while (true) {
                    try {
                        helper.future.get();
                        break;
                    } catch (InterruptedException e) {
                        // The helper writes into the caller's arrays: wait for it anyway, and tell the caller later.
                        interrupted = true;
                    } catch (ExecutionException e) {
                        failure.compareAndSet(null, e.getCause());
                        break;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The one text Gemini would get for this request, or null when it must go alone. */
    private String batchableText(EmbeddingRequest request) {
        if (legacyModel && request.task() != null) {
            return null;
        }
        List<Part> parts = legacyModel ? request.parts() : PromptFormatter.format(request.task(), request.title(), request.parts());
        return parts.size() == 1 && parts.get(0) instanceof Part.Text text ? text.text() : null;
    }

    private static List<float[]> vectorsOf(EmbedContentResponse response, int expected, int dimensions) {
        List<ContentEmbedding> embeddings = response.embeddings().orElse(List.of());
        if (embeddings.size() != expected) {
            throw new EmbeddingUnavailableException("Gemini returned " + embeddings.size() + " embeddings for "
                    + expected + " texts", null);
        }
        List<float[]> vectors = new ArrayList<>(expected);
        for (ContentEmbedding embedding : embeddings) {
            List<Float> values = embedding.values().orElse(List.of());
            if (values.size() != dimensions) {
                throw new EmbeddingUnavailableException("Gemini returned " + values.size() + " dimensions where "
                        + dimensions + " were asked for", null);
            }
            float[] vector = new float[dimensions];
            for (int i = 0; i < dimensions; i++) {
                vector[i] = values.get(i);
            }
            vectors.add(VectorNormalizer.normalize(vector));
        }
        return vectors;
    }

    /** Stops the pool's threads; calls already running finish. */
    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdown();
        }
    }
}
