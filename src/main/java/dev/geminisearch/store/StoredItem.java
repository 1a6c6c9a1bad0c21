package dev.geminisearch.store;

import dev.geminisearch.media.Modality;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An item as a store keeps it: what was ingested, its metadata, its unit-length vector and, for
 * long media embedded piece by piece, its segments.
 *
 * <p>An item without segments is found by its {@code vector}. A segmented item is found by its
 * best segment instead (see {@link VectorStore#search}); its {@code vector} then stands for the
 * whole item (the caller passes, for instance, the normalised mean of the segment vectors) and is
 * what a search by this item uses as its query and what clients are shown.
 *
 * @param id        the caller's or a generated id; unique within a store
 * @param title     optional title (null when none)
 * @param metadata  scalar values only (String, Number, Boolean); never null
 * @param parts     the ingested parts in their original order; never empty
 * @param createdAt when this version of the item was stored
 * @param vector    the L2-normalised embedding, of the store's dimensions
 * @param segments  the segments in index order (indexes 0, 1, 2, ...), at most {@value #MAX_SEGMENTS};
 *                  empty for an ordinary item; null is taken as empty
 */
public record StoredItem(String id, String title, Map<String, Object> metadata, List<StoredPart> parts,
                         Instant createdAt, float[] vector, List<StoredSegment> segments) {

    /**
     * Segments one item may have: 10,000 x 180 s is 500 hours of audio, 10,000 x 6 pages 60,000
     * pages. It bounds the work one item can add to every search and the size of one log record
     * (10,000 vectors of 3,072 dimensions are 123 MB).
     */
    public static final int MAX_SEGMENTS = 10_000;

    public StoredItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(vector, "vector");
        metadata = metadata == null ? Map.of() : CompactMetadata.copyOf(metadata);
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an item has at least one part");
        }
        segments = segments == null ? List.of() : List.copyOf(segments);
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("item '" + id + "' has " + segments.size() + " segments; at most "
                    + MAX_SEGMENTS + " are allowed");
        }
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).index() != i) {
                throw new IllegalArgumentException("segment " + i + " of item '" + id + "' has index "
                        + segments.get(i).index() + "; segments are numbered 0, 1, 2, ... in order");
            }
        }
    }

    /** An item without segments. */
    public StoredItem(String id, String title, Map<String, Object> metadata, List<StoredPart> parts, Instant createdAt,
                      float[] vector) {
        this(id, title, metadata, parts, createdAt, vector, List.of());
    }

    /** Whether the item is found by its segments rather than by its own vector. */
    public boolean isSegmented() {
        return !segments.isEmpty();
    }

    /** The distinct modalities of the parts, in part order. */
    public Set<Modality> modalities() {
        Set<Modality> modalities = new LinkedHashSet<>();
        for (StoredPart part : parts) {
            modalities.add(part.modality());
        }
        return modalities;
    }

    /** The distinct media types of the parts, in part order. */
    public List<String> mimeTypes() {
        return parts.stream().map(StoredPart::mimeType).distinct().toList();
    }

    /** Snippet length for result lists and item views: enough text to recognise an item by. */
    public static final int SNIPPET_CHARS = 280;

    /** {@link #snippet(int)} at {@link #SNIPPET_CHARS}. */
    public String snippet() {
        return snippet(SNIPPET_CHARS);
    }

    /**
     * The start of the item's text parts joined by spaces, cut to {@code maxChars} (with an
     * ellipsis); null when it has no text.
     */
    public String snippet(int maxChars) {
        StringBuilder text = new StringBuilder();
        for (StoredPart part : parts) {
            if (part.text() != null && !part.text().isBlank()) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(part.text().strip());
                if (text.length() >= maxChars) {
                    break;
                }
            }
        }
        if (text.isEmpty()) {
            return null;
        }
        return text.length() <= maxChars ? text.toString() : text.substring(0, maxChars - 1) + "\u2026";
    }

    /** The same item, segments included, with another vector (used by stores that keep vectors apart). */
    public StoredItem withVector(float[] newVector) {
        return new StoredItem(id, title, metadata, parts, createdAt, newVector, segments);
    }

    /** The same item with other segments (none for an empty list). */
    public StoredItem withSegments(List<StoredSegment> newSegments) {
        return new StoredItem(id, title, metadata, parts, createdAt, vector, newSegments);
    }

    /** The same item with its segments' spans but without their vectors (for views and listings). */
    public StoredItem withoutSegmentVectors() {
        if (segments.isEmpty()) {
            return this;
        }
        return withSegments(segments.stream().map(StoredSegment::withoutVector).toList());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredItem that && id.equals(that.id) && Objects.equals(title, that.title)
                && metadata.equals(that.metadata) && parts.equals(that.parts)
                && createdAt.equals(that.createdAt) && Arrays.equals(vector, that.vector)
                && segments.equals(that.segments);
    }

    @Override
    public int hashCode() {
        return (Objects.hash(id, title, metadata, parts, createdAt) * 31 + Arrays.hashCode(vector)) * 31
                + segments.hashCode();
    }

    @Override
    public String toString() {
        return "StoredItem[id=" + id + ", title=" + title + ", metadata=" + metadata + ", parts=" + parts
                + ", createdAt=" + createdAt + ", dimensions=" + vector.length + ", segments=" + segments.size() + "]";
    }
}
