package dev.geminisearch.search;

import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.VectorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the query vector (text, media, both, or a stored item) and ranks stored items by cosine
 * similarity. A search by item alone costs no Gemini call. Thread-safe.
 */
public class SearchService {

    /** Enough text to recognise a result by. */
    private static final int SNIPPET_CHARS = 280;

    private final EmbeddingService embeddings;
    private final VectorStore store;

    public SearchService(EmbeddingService embeddings, VectorStore store) {
        this.embeddings = embeddings;
        this.store = store;
    }

    /**
     * Runs the search.
     *
     * @throws InvalidSearchException for a query without input, a bad topK, minScore or task
     * @throws dev.geminisearch.item.ItemNotFoundException when {@code itemId} names no item
     */
    public SearchResults search(SearchQuery query) {
        long start = System.nanoTime();
        check(query);
        float[] vector = queryVector(query);
        List<SearchHit> hits = store.search(vector, query.topK(), query.minScore(),
                new ItemFilter(query.modality(), query.metadata()));
        List<SearchResults.Hit> results = new ArrayList<>(hits.size());
        for (SearchHit hit : hits) {
            StoredItem item = hit.item();
            results.add(new SearchResults.Hit(item.id(), hit.score(), List.copyOf(item.modalities()), item.mimeTypes(),
                    item.title(), item.metadata(), item.parts().stream().anyMatch(StoredPart::isMedia),
                    item.snippet(SNIPPET_CHARS)));
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        return new SearchResults(results, embeddings.model(), store.fingerprint().dimensions(), tookMs);
    }

    private float[] queryVector(SearchQuery query) {
        List<Part> parts = new ArrayList<>();
        if (query.text() != null && !query.text().isBlank()) {
            parts.add(new Part.Text(query.text()));
        }
        parts.addAll(query.parts());
        float[] itemVector = query.itemId() == null ? null : store.find(query.itemId())
                .orElseThrow(() -> new dev.geminisearch.item.ItemNotFoundException(query.itemId())).vector();
        if (parts.isEmpty()) {
            return itemVector;
        }
        EmbeddingTask task = query.task() == null ? EmbeddingTask.SEARCH_QUERY : query.task();
        float[] inputVector = embeddings.embed(parts, task, null, store.fingerprint().dimensions()).vector();
        return itemVector == null ? inputVector : meanDirection(itemVector, inputVector);
    }

    /** The normalised sum: the direction halfway between two unit vectors. */
    private static float[] meanDirection(float[] a, float[] b) {
        float[] sum = new float[a.length];
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
            norm += (double) sum[i] * sum[i];
        }
        if (norm == 0) {
            throw new InvalidSearchException("itemId", "the item and the query point in opposite directions; nothing to search for");
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= inverse;
        }
        return sum;
    }

    private static void check(SearchQuery query) {
        boolean hasText = query.text() != null && !query.text().isBlank();
        if (!hasText && query.parts().isEmpty() && query.itemId() == null) {
            throw new InvalidSearchException("text", "give at least one of text, parts (or file) and itemId");
        }
        if (query.topK() < 1 || query.topK() > SearchQuery.MAX_TOP_K) {
            throw new InvalidSearchException("topK", "topK must be within 1.." + SearchQuery.MAX_TOP_K);
        }
        if (Double.isNaN(query.minScore()) || query.minScore() < -1 || query.minScore() > 1) {
            throw new InvalidSearchException("minScore", "minScore must be within -1..1");
        }
        for (Map.Entry<String, Object> required : query.metadata().entrySet()) {
            Object value = required.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new InvalidSearchException("filter.metadata." + required.getKey(),
                        "metadata filter values must be strings, numbers or booleans");
            }
        }
        if (query.task() != null && !query.task().isSearchQuery()) {
            throw new InvalidSearchException("task", "a search takes a query task: search-query, question-answering, "
                    + "fact-checking or code-retrieval (items are stored as search-document)");
        }
    }
}
