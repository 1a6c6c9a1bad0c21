package dev.geminisearch.item;

import dev.geminisearch.embedding.Part;
import java.util.List;
import java.util.Map;

/**
 * What a client asks to ingest.
 *
 * @param id       the id to store under (an existing item is replaced), or null for a generated one
 * @param parts    the parts held in memory, embedded together into one vector
 * @param title    optional title, written into the document prompt
 * @param metadata optional scalar metadata, stored and filterable but not embedded
 * @param uploads  media files waiting on disk (multipart uploads), after the parts; never null
 */
public record NewItem(String id, List<Part> parts, String title, Map<String, Object> metadata, List<Upload> uploads) {

    public NewItem {
        parts = parts == null ? List.of() : parts;
        uploads = uploads == null ? List.of() : List.copyOf(uploads);
    }

    /** An item whose parts are all in memory. */
    public NewItem(String id, List<Part> parts, String title, Map<String, Object> metadata) {
        this(id, parts, title, metadata, List.of());
    }
}
