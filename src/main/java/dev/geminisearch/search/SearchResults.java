package dev.geminisearch.search;

import dev.geminisearch.store.StoredSegment;
import dev.geminisearch.media.Modality;
import java.util.List;
import java.util.Map;

/**
 * Ranked results.
 *
 * @param hits       best first
 * @param model      model of the vectors compared
 * @param dimensions size of the vectors compared
 * @param tookMs     wall time of the search including the query embedding, in milliseconds
 */
public record SearchResults(List<Hit> hits, String model, int dimensions, long tookMs) {

    /**
     * One result.
     *
     * @param score   cosine similarity with the query; with hybrid ranking, the fused reciprocal-rank score
     * @param snippet the start of the item's text parts, or null
     * @param segment for long media, the segment that scored best (without its vector); null otherwise
     */
    public record Hit(String id, double score, List<Modality> modalities, List<String> mimeTypes, String title,
                      Map<String, Object> metadata, String snippet, StoredSegment segment) {
    }
}
