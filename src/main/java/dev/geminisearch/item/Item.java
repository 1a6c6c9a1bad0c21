package dev.geminisearch.item;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.StoredSegment;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An item as the service shows it.
 *
 * @param id          unique id
 * @param title       optional title; null when none
 * @param metadata    scalar values (String, Number, Boolean)
 * @param modalities  distinct modalities of its parts, in part order
 * @param mimeTypes   distinct media types of its parts, in part order
 * @param createdAt   when an item with this id was first stored (a replacement keeps it)
 * @param dimensions  size of its vector
 * @param snippet     the start of its text parts (at most 280 characters), or null when it has none
 * @param vector      its unit vector (for a long item, the normalised mean of its segments'), or null unless
 *                    asked for
 * @param segments    for long media split to Gemini's limits, the segments (time or page spans, without
 *                    vectors) in order; empty otherwise
 */
public record Item(String id, String title, Map<String, Object> metadata, List<Modality> modalities,
                   List<String> mimeTypes, Instant createdAt, int dimensions, String snippet, float[] vector,
                   List<StoredSegment> segments) {

    public Item {
        segments = segments == null ? List.of() : List.copyOf(segments);
    }
}
