package dev.geminisearch.item;

import dev.geminisearch.embedding.Part;
import java.util.List;
import java.util.Map;

/**
 * What a client asks to ingest.
 *
 * @param id       the id to store under (an existing item is replaced), or null for a generated one
 * @param parts    one or more parts, embedded together into one vector
 * @param title    optional title, written into the document prompt
 * @param metadata optional scalar metadata, stored and filterable but not embedded
 */
public record NewItem(String id, List<Part> parts, String title, Map<String, Object> metadata) {
}
