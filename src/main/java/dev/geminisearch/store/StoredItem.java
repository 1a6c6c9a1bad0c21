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
 * An item as a store keeps it: what was ingested, its metadata and its unit-length vector.
 *
 * @param id        the caller's or a generated id; unique within a store
 * @param title     optional title (null when none)
 * @param metadata  scalar values only (String, Number, Boolean); never null
 * @param parts     the ingested parts in their original order; never empty
 * @param createdAt when this version of the item was stored
 * @param vector    the L2-normalised embedding, of the store's dimensions
 */
public record StoredItem(String id, String title, Map<String, Object> metadata, List<StoredPart> parts,
                         Instant createdAt, float[] vector) {

    public StoredItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(vector, "vector");
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("an item has at least one part");
        }
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

    /** The same item with another vector (used by stores that keep vectors apart). */
    public StoredItem withVector(float[] newVector) {
        return new StoredItem(id, title, metadata, parts, createdAt, newVector);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredItem that && id.equals(that.id) && Objects.equals(title, that.title)
                && metadata.equals(that.metadata) && parts.equals(that.parts)
                && createdAt.equals(that.createdAt) && Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, title, metadata, parts, createdAt) * 31 + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "StoredItem[id=" + id + ", title=" + title + ", metadata=" + metadata + ", parts=" + parts
                + ", createdAt=" + createdAt + ", dimensions=" + vector.length + "]";
    }
}
