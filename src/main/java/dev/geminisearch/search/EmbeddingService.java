package dev.geminisearch.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.geminisearch.embedding.Embedder;
import dev.geminisearch.embedding.EmbeddingException;
import dev.geminisearch.embedding.EmbeddingRequest;
import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.media.InspectedInput;
import dev.geminisearch.media.MediaException;
import dev.geminisearch.media.MediaInspector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks an input against what Gemini accepts, then embeds it. Every path to Gemini goes through
 * here, so rejected input never costs a call, and the embedding cache sits here: an input already
 * embedded (same inspected bytes or text, task, title, size and model) costs no call. Thread-safe.
 *
 * <p>The cache is bounded (least recently used out first), per process, and holds successes only;
 * its hits and misses are the {@code cache.gets} meter with {@code cache=embeddings}.
 */
public class EmbeddingService {

    /** The {@code cache} tag of the embedding cache's meters. */
    public static final String CACHE_NAME = "embeddings";

    private final MediaInspector inspector;
    /** Replaced when a re-index to another model switches over; volatile so every caller sees the switch. */
    private volatile Embedder embedder;
    private final int defaultDimensions;
    /** Null when disabled. Keys carry the model, so one cache serves every embedder this service is used with. */
    private final Cache<String, float[]> cache;

    /** A service without a cache. */
    public EmbeddingService(MediaInspector inspector, Embedder embedder, int defaultDimensions) {
        this(inspector, embedder, defaultDimensions, null);
    }

    /**
     * A service whose cache keeps at most {@code maxCacheEntries} vectors (0: no cache) and reports to {@code meters}.
     */
    public EmbeddingService(MediaInspector inspector, Embedder embedder, int defaultDimensions, long maxCacheEntries,
                            MeterRegistry meters) {
        this(inspector, embedder, defaultDimensions, maxCacheEntries <= 0 ? null
                : CaffeineCacheMetrics.monitor(meters, Caffeine.newBuilder().maximumSize(maxCacheEntries).recordStats()
                .<String, float[]>build(), CACHE_NAME));
    }

    private EmbeddingService(MediaInspector inspector, Embedder embedder, int defaultDimensions, Cache<String, float[]> cache) {
        this.inspector = inspector;
        this.embedder = embedder;
        this.defaultDimensions = defaultDimensions;
        this.cache = cache;
    }

    /** A vector together with what the input turned out to be. */
    public record Embedded(float[] vector, InspectedInput input, int dimensions, String model) {
    }

    /**
     * One input of {@link #embedAll}, with the meaning of {@link #embed}'s arguments.
     *
     * @param parts      one or more parts
     * @param task       prompt to apply, or null
     * @param title      document title, or null
     * @param dimensions output size, or null for the configured size
     */
    public record Input(List<Part> parts, EmbeddingTask task, String title, Integer dimensions) {
    }

    /**
     * What became of one input of {@link #embedAll}: exactly one of the two is non-null.
     *
     * @param embedded the vector and inspected input
     * @param failure  a {@link MediaException} or {@link EmbeddingException}
     */
    public record Outcome(Embedded embedded, RuntimeException failure) {
    }

    /**
     * Inspects and embeds the parts into one unit vector.
     *
     * @param task       prompt to apply, or null to send the parts as given
     * @param title      document title (for {@link EmbeddingTask#SEARCH_DOCUMENT}), or null
     * @param dimensions output size, or null for the configured size
     * @throws dev.geminisearch.media.MediaException when the input is not acceptable (before any call)
     * @throws dev.geminisearch.embedding.EmbeddingException when Gemini fails
     */
    public Embedded embed(List<Part> parts, EmbeddingTask task, String title, Integer dimensions) {
        return embed(inspector.inspect(parts), task, title, dimensions);
    }

    /**
     * {@link #embed(List, EmbeddingTask, String, Integer)} of an input the caller has inspected already
     * (an ingest that had to know whether a part needs splitting), so it is not parsed twice.
     *
     * @throws dev.geminisearch.embedding.EmbeddingException when Gemini fails
     */
    public Embedded embed(InspectedInput input, EmbeddingTask task, String title, Integer dimensions) {
        Embedder current = embedder;
        EmbeddingRequest request = new EmbeddingRequest(input.parts(), task, title, sizeOf(dimensions));
        String key = cacheKey(current.model(), request);
        float[] vector = cached(key);
        if (vector == null) {
            vector = current.embed(request);
            remember(key, vector);
        }
        return new Embedded(vector, input, request.dimensions(), current.model());
    }

    /**
     * Inspects and embeds each input into its own vector; each input succeeds or fails on its own,
     * except that inputs of text alone go to Gemini together (up to 100 a call) and share the
     * outcome of that call.
     *
     * @return one outcome per input, same order
     */
    public List<Outcome> embedAll(List<Input> inputs) {
        Embedder current = embedder;
        Outcome[] outcomes = new Outcome[inputs.size()];
        InspectedInput[] inspected = new InspectedInput[inputs.size()];
        String[] keys = new String[inputs.size()];
        List<Integer> texts = new ArrayList<>();
        List<Integer> media = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            try {
                inspected[i] = inspector.inspect(in.parts());
            } catch (MediaException rejected) {
                outcomes[i] = new Outcome(null, rejected);
                continue;
            }
            EmbeddingRequest request = requestOf(in, inspected[i]);
            keys[i] = cacheKey(current.model(), request);
            float[] vector = cached(keys[i]);
            if (vector != null) {
                outcomes[i] = success(vector, inspected[i], request, current);
            } else if (inspected[i].parts().stream().allMatch(Part.Text.class::isInstance)) {
                texts.add(i);
            } else {
                media.add(i);
            }
        }
        if (!texts.isEmpty()) {
            List<EmbeddingRequest> requests = new ArrayList<>(texts.size());
            for (int i : texts) {
                requests.add(requestOf(inputs.get(i), inspected[i]));
            }
            try {
                List<float[]> vectors = current.embedAll(requests);
                for (int n = 0; n < texts.size(); n++) {
                    int i = texts.get(n);
                    remember(keys[i], vectors.get(n));
                    outcomes[i] = success(vectors.get(n), inspected[i], requests.get(n), current);
                }
            } catch (EmbeddingException failed) {
                for (int i : texts) {
                    outcomes[i] = new Outcome(null, failed);
                }
            }
        }
        for (int i : media) {
            EmbeddingRequest request = requestOf(inputs.get(i), inspected[i]);
            try {
                float[] vector = current.embed(request);
                remember(keys[i], vector);
                outcomes[i] = success(vector, inspected[i], request, current);
            } catch (EmbeddingException failed) {
                outcomes[i] = new Outcome(null, failed);
            }
        }
        return Arrays.asList(outcomes);
    }

    private EmbeddingRequest requestOf(Input in, InspectedInput inspected) {
        return new EmbeddingRequest(inspected.parts(), in.task(), in.title(), sizeOf(in.dimensions()));
    }

    private static Outcome success(float[] vector, InspectedInput input, EmbeddingRequest request, Embedder embedder) {
        return new Outcome(new Embedded(vector, input, request.dimensions(), embedder.model()), null);
    }

    private int sizeOf(Integer dimensions) {
        return dimensions == null ? defaultDimensions : dimensions;
    }

    /** A copy of the cached vector (callers may own what they get), or null. */
    private float[] cached(String key) {
        if (cache == null) {
            return null;
        }
        float[] vector = cache.getIfPresent(key);
        return vector == null ? null : vector.clone();
    }

    private void remember(String key, float[] vector) {
        if (cache != null) {
            cache.put(key, vector.clone());
        }
    }

    /**
     * SHA-256 over everything that decides the vector: model, size, task, title and each inspected
     * part (sniffed type and bytes, or text), every field length-prefixed so that no two inputs share
     * an encoding. Only the hash is kept, never the client's bytes.
     */
    static String cacheKey(String model, EmbeddingRequest request) {
        MessageDigest digest = sha256();
        field(digest, model);
        digest.update(ByteBuffer.allocate(4).putInt(request.dimensions()).array());
        field(digest, request.task() == null ? null : request.task().wireName());
        field(digest, request.title());
        for (Part part : request.parts()) {
            if (part instanceof Part.Text text) {
                digest.update((byte) 'T');
                field(digest, text.text());
            } else if (part instanceof Part.Media m) {
                digest.update((byte) 'M');
                field(digest, m.mimeType());
                field(digest, m.data());
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update(ByteBuffer.allocate(4).putInt(-1).array());
        } else {
            field(digest, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void field(MessageDigest digest, byte[] value) {
        digest.update(ByteBuffer.allocate(4).putInt(value.length).array());
        digest.update(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The same checks and cache in front of another embedder (a re-index to a new model embeds with it). */
    public EmbeddingService using(Embedder other) {
        return new EmbeddingService(inspector, other, defaultDimensions, cache);
    }

    /** Makes every later embedding come from {@code next}: a re-index to another model just switched the store. */
    public void switchEmbedder(Embedder next) {
        this.embedder = next;
    }

    /** Forgets every cached vector (tests, and operators who suspect a bad upstream answer). */
    public void clearCache() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** The model vectors come from. */
    public String model() {
        return embedder.model();
    }

    /** Whether embeddings can be made right now, and if not, why. */
    public dev.geminisearch.embedding.EmbedderStatus status() {
        return embedder.status();
    }

    /** The configured (stored) vector size. */
    public int defaultDimensions() {
        return defaultDimensions;
    }
}
