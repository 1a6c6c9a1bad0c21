package dev.geminisearch.search;

import dev.geminisearch.embedding.Embedder;
import dev.geminisearch.embedding.EmbeddingRequest;
import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.media.InspectedInput;
import dev.geminisearch.media.MediaInspector;
import java.util.List;

/**
 * Checks an input against what Gemini accepts, then embeds it. Every path to Gemini goes through
 * here, so rejected input never costs a call.
 */
public class EmbeddingService {

    private final MediaInspector inspector;
    /** Replaced when a re-index to another model switches over; volatile so every caller sees the switch. */
    private volatile Embedder embedder;
    private final int defaultDimensions;

    public EmbeddingService(MediaInspector inspector, Embedder embedder, int defaultDimensions) {
        this.inspector = inspector;
        this.embedder = embedder;
        this.defaultDimensions = defaultDimensions;
    }

    /** A vector together with what the input turned out to be. */
    public record Embedded(float[] vector, InspectedInput input, int dimensions, String model) {
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
        InspectedInput input = inspector.inspect(parts);
        int size = dimensions == null ? defaultDimensions : dimensions;
        float[] vector = embedder.embed(new EmbeddingRequest(input.parts(), task, title, size));
        return new Embedded(vector, input, size, embedder.model());
    }

    /** The same checks in front of another embedder (a re-index to a new model embeds with it). */
    public EmbeddingService using(Embedder other) {
        return new EmbeddingService(inspector, other, defaultDimensions);
    }

    /** Makes every later embedding come from {@code next}: a re-index to another model just switched the store. */
    public void switchEmbedder(Embedder next) {
        this.embedder = next;
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
