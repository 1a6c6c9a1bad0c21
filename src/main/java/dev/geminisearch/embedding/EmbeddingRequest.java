package dev.geminisearch.embedding;

import java.util.List;
import java.util.Objects;

/**
 * What to embed into ONE vector.
 *
 * @param parts      one or more parts, media already inspected (sniffed types); never empty
 * @param task       the prompt to apply, or null to send the parts exactly as given
 * @param title      document title for {@link EmbeddingTask#SEARCH_DOCUMENT}; null for none
 * @param dimensions output size, {@value #MIN_DIMENSIONS}..{@value #MAX_DIMENSIONS}
 */
public record EmbeddingRequest(List<Part> parts, EmbeddingTask task, String title, int dimensions) {

    public static final int MIN_DIMENSIONS = 128;
    public static final int MAX_DIMENSIONS = 3072;

    public EmbeddingRequest {
        parts = List.copyOf(Objects.requireNonNull(parts, "parts"));
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("at least one part is needed");
        }
        if (dimensions < MIN_DIMENSIONS || dimensions > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("dimensions must be within " + MIN_DIMENSIONS + ".." + MAX_DIMENSIONS);
        }
    }
}
