package dev.geminisearch.search;

import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.item.ItemNotFoundException;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.StoreChangedException;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredSegment;
import dev.geminisearch.store.VectorStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds the query vector (text, media, both, stored items, or a weighted mix of them) and ranks
 * stored items by cosine similarity, optionally fused with a keyword ranking, diversified by
 * maximal marginal relevance, grouped by a metadata key, and paged. Searches by stored items alone
 * cost no Gemini call, and never return the query items themselves (more-like-this). Thread-safe.
 *
 * <p>Meters: {@code search.requests}, a timer of whole searches (embedding the query included),
 * tagged {@code store} ({@link VectorStore#type()}), {@code ranking} (vector|hybrid) and
 * {@code outcome} (success; invalid for a bad query or an unknown item; error for anything else);
 * {@code store.search}, a timer of the store's own ranking calls, tagged {@code store} and
 * {@code kind} (vector|keyword).
 */
public class SearchService {

    /** Reciprocal rank fusion's damping constant, as in the original paper (Cormack et al., 2009). */
    private static final int RRF_K = 60;
    private static final int MAX_INPUTS = 16;
    private static final List<String> OUTCOMES = List.of("success", "invalid", "error");

    private final EmbeddingService embeddings;
    private final VectorStore store;
    /** By ranking then outcome; all registered up front so that a scrape shows zeros before the first search. */
    private final Map<String, Timer> requestTimers = new LinkedHashMap<>();
    private final Timer vectorStoreTimer;
    private final Timer keywordStoreTimer;

    /** A service that records its searches in {@code meters}. */
    public SearchService(EmbeddingService embeddings, VectorStore store, MeterRegistry meters) {
        this.embeddings = embeddings;
        this.store = store;
        for (String ranking : List.of("vector", "hybrid")) {
            for (String outcome : OUTCOMES) {
                requestTimers.put(ranking + "/" + outcome, Timer.builder("search.requests")
                        .description("Searches, embedding the query included")
                        .tag("store", store.type()).tag("ranking", ranking).tag("outcome", outcome).register(meters));
            }
        }
        this.vectorStoreTimer = storeTimer(meters, store, "vector");
        this.keywordStoreTimer = storeTimer(meters, store, "keyword");
    }

    private static Timer storeTimer(MeterRegistry meters, VectorStore store, String kind) {
        return Timer.builder("store.search").description("The store's own ranking of candidates within a search")
                .tag("store", store.type()).tag("kind", kind).register(meters);
    }

    /**
     * Runs the search.
     *
     * @throws InvalidSearchException for a query without input, a bad topK, offset, minScore, task,
     *                                diversity, weight or filter value
     * @throws ItemNotFoundException  when an input's {@code itemId} names no item
     */
    public SearchResults search(SearchQuery query) {
        try {
            return searchOnce(query);
        } catch (StoreChangedException switched) {
            // A re-index switched the store to another size mid-search: the query vector must be made again.
            return searchOnce(query);
        }
    }

    private SearchResults searchOnce(SearchQuery query) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            SearchResults results = rank(query, start);
            outcome = "success";
            return results;
        } catch (InvalidSearchException | ItemNotFoundException e) {
            outcome = "invalid";
            throw e;
        } finally {
            requestTimers.get((query.hybrid() ? "hybrid" : "vector") + "/" + outcome)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private SearchResults rank(SearchQuery query, long start) {
        check(query);
        Set<String> queryItems = new HashSet<>();
        float[] vector = queryVector(query, queryItems);
        int shown = query.offset() + query.topK();
        // Fusion, grouping and diversity reorder a candidate pool; a pool that grew with the page would
        // reorder differently per page, so theirs is fixed and pages stay slices of one ranking.
        boolean reorders = query.hybrid() || query.groupBy() != null || query.diversity() > 0;
        int pool = (reorders ? SearchQuery.MAX_TOP_K : shown) + queryItems.size();

        List<SearchHit> vectorHits = vectorStoreTimer.record(() -> store.search(vector, pool, query.minScore(), query.filter()));
        List<SearchHit> candidates = withoutQueryItems(vectorHits, queryItems);
        if (query.hybrid()) {
            List<SearchHit> keywordHits = keywordStoreTimer.record(() -> store.keywordSearch(keywordText(query), pool,
                    query.filter()));
            candidates = fuse(candidates, atLeastCosine(withoutQueryItems(keywordHits, queryItems), vector, query.minScore()));
        }
        if (query.diversity() > 0) {
            candidates = maximalMarginalRelevance(candidates, vector, 1 - query.diversity(), shown, query.hybrid());
        }
        if (query.groupBy() != null) {
            candidates = bestPerGroup(candidates, query.groupBy());
        }
        List<SearchResults.Hit> results = new ArrayList<>(query.topK());
        for (int i = query.offset(); i < candidates.size() && i < shown; i++) {
            results.add(toHit(candidates.get(i)));
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        return new SearchResults(results, embeddings.model(), store.fingerprint().dimensions(), tookMs);
    }

    private static SearchResults.Hit toHit(SearchHit hit) {
        StoredItem item = hit.item();
        return new SearchResults.Hit(item.id(), hit.score(), List.copyOf(item.modalities()), item.mimeTypes(),
                item.title(), item.metadata(), item.snippet(), hit.segment() == null ? null : hit.segment().withoutVector());
    }

    /** The normalised, weighted sum of the inputs' unit vectors; collects the items used as queries. */
    private float[] queryVector(SearchQuery query, Set<String> queryItems) {
        int dimensions = store.fingerprint().dimensions();
        float[] sum = new float[dimensions];
        EmbeddingTask task = query.task() == null ? EmbeddingTask.SEARCH_QUERY : query.task();
        // Look every item up before any Gemini call, so that an unknown item costs nothing.
        List<float[]> itemVectors = new ArrayList<>();
        for (QueryInput input : query.inputs()) {
            if (input.itemId() != null) {
                itemVectors.add(store.find(input.itemId()).orElseThrow(() -> new ItemNotFoundException(input.itemId())).vector());
                queryItems.add(input.itemId());
            } else {
                itemVectors.add(null);
            }
        }
        for (int i = 0; i < query.inputs().size(); i++) {
            QueryInput input = query.inputs().get(i);
            float[] inputVector = itemVectors.get(i);
            if (input.needsEmbedding()) {
                List<Part> parts = new ArrayList<>();
                if (input.text() != null && !input.text().isBlank()) {
                    parts.add(new Part.Text(input.text()));
                }
                parts.addAll(input.parts());
                float[] embedded = embeddings.embed(parts, task, null, dimensions).vector();
                inputVector = inputVector == null ? embedded : normalised(add(inputVector, embedded, 1), "itemId");
            }
            add(sum, inputVector, (float) input.weight());
        }
        return normalised(sum, query.inputs().size() > 1 ? "queries" : "itemId");
    }

    private static float[] add(float[] sum, float[] vector, float weight) {
        for (int d = 0; d < sum.length; d++) {
            sum[d] += weight * vector[d];
        }
        return sum;
    }

    private static float[] normalised(float[] vector, String field) {
        double norm = 0;
        for (float v : vector) {
            norm += (double) v * v;
        }
        if (norm < 1e-12) {
            throw new InvalidSearchException(field, "the query inputs cancel each other out; nothing is left to search for");
        }
        float inverse = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= inverse;
        }
        return vector;
    }

    private static List<SearchHit> withoutQueryItems(List<SearchHit> hits, Set<String> queryItems) {
        if (queryItems.isEmpty()) {
            return hits;
        }
        List<SearchHit> kept = new ArrayList<>(hits.size());
        for (SearchHit hit : hits) {
            if (!queryItems.contains(hit.item().id())) {
                kept.add(hit);
            }
        }
        return kept;
    }

    /** Keyword hits whose vector is at least {@code minScore} similar to the query, as vector hits are. */
    private static List<SearchHit> atLeastCosine(List<SearchHit> hits, float[] query, double minScore) {
        if (minScore <= -1) {
            return hits;
        }
        List<SearchHit> kept = new ArrayList<>(hits.size());
        for (SearchHit hit : hits) {
            if (dot(hit.item().vector(), query) >= minScore) {
                kept.add(hit);
            }
        }
        return kept;
    }

    /** The words of the positively weighted inputs: what a keyword match should look for. */
    private static String keywordText(SearchQuery query) {
        StringBuilder text = new StringBuilder();
        for (QueryInput input : query.inputs()) {
            if (input.weight() > 0 && input.text() != null && !input.text().isBlank()) {
                text.append(input.text()).append(' ');
            }
        }
        return text.toString().strip();
    }

    /**
     * Reciprocal rank fusion: each list contributes 1 / (k + rank) for every item in it. Only the
     * ranks matter, so cosine and keyword scores need no common scale.
     */
    private static List<SearchHit> fuse(List<SearchHit> vectorHits, List<SearchHit> keywordHits) {
        Map<String, StoredItem> items = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        // Only a vector hit knows which segment of a long item matched; a keyword hit matches the item's text.
        Map<String, StoredSegment> segments = new HashMap<>();
        for (List<SearchHit> ranking : List.of(vectorHits, keywordHits)) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                SearchHit hit = ranking.get(rank);
                StoredItem item = hit.item();
                items.putIfAbsent(item.id(), item);
                scores.merge(item.id(), 1.0 / (RRF_K + rank + 1), Double::sum);
                if (hit.segment() != null) {
                    segments.putIfAbsent(item.id(), hit.segment());
                }
            }
        }
        List<SearchHit> fused = new ArrayList<>(items.size());
        items.forEach((id, item) -> fused.add(new SearchHit(item, scores.get(id), segments.get(id))));
        fused.sort((a, b) -> {
            int byScore = Double.compare(b.score(), a.score());
            return byScore != 0 ? byScore : a.item().id().compareTo(b.item().id());
        });
        return fused;
    }

    /**
     * Greedy maximal marginal relevance (Carbonell and Goldstein, 1998): picks, one at a time, the
     * candidate that best balances similarity to the query ({@code lambda}) against similarity to
     * what is already picked, so near-duplicates spread out. Scores stay the cosine with the query.
     */
    private static List<SearchHit> maximalMarginalRelevance(List<SearchHit> candidates, float[] query, double lambda,
                                                            int wanted, boolean fused) {
        List<SearchHit> remaining = new ArrayList<>(candidates);
        List<SearchHit> picked = new ArrayList<>(Math.min(wanted, candidates.size()));
        double[] maxSimilarityToPicked = new double[remaining.size()];
        double[] relevance = new double[remaining.size()];
        // After fusion, relevance is the fused score scaled to 0..1, so diversity keeps the keyword evidence.
        double topFused = fused && !remaining.isEmpty() ? remaining.get(0).score() : 1;
        for (int i = 0; i < remaining.size(); i++) {
            relevance[i] = fused ? remaining.get(i).score() / topFused : dot(remaining.get(i).item().vector(), query);
        }
        boolean[] taken = new boolean[remaining.size()];
        while (picked.size() < wanted && picked.size() < remaining.size()) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < remaining.size(); i++) {
                if (taken[i]) {
                    continue;
                }
                double value = lambda * relevance[i] - (1 - lambda) * (picked.isEmpty() ? 0 : maxSimilarityToPicked[i]);
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            taken[best] = true;
            SearchHit chosen = remaining.get(best);
            picked.add(chosen);
            for (int i = 0; i < remaining.size(); i++) {
                if (!taken[i]) {
                    double similarity = dot(remaining.get(i).item().vector(), chosen.item().vector());
                    maxSimilarityToPicked[i] = picked.size() == 1 ? similarity : Math.max(maxSimilarityToPicked[i], similarity);
                }
            }
        }
        return picked;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }

    /** The first (best) hit of every value of the key; items without the key form one group of their own. */
    private static List<SearchHit> bestPerGroup(List<SearchHit> hits, String key) {
        Set<String> seen = new HashSet<>();
        List<SearchHit> best = new ArrayList<>();
        for (SearchHit hit : hits) {
            Object value = hit.item().metadata().get(key);
            // Numbers group by value, as filters compare them: 2020 and 2020.0 are one group.
            String group = value == null ? "\u0000missing" : value instanceof Number number
                    ? "number:" + new java.math.BigDecimal(number.toString()).stripTrailingZeros().toPlainString()
                    : value.getClass().getSimpleName() + ":" + value;
            if (seen.add(group)) {
                best.add(hit);
            }
        }
        return best;
    }

    private static void check(SearchQuery query) {
        if (query.inputs().isEmpty() || query.inputs().stream().allMatch(QueryInput::isEmpty)) {
            throw new InvalidSearchException("text", "give at least one of text, parts (or file), itemId and queries");
        }
        if (query.inputs().size() > MAX_INPUTS) {
            throw new InvalidSearchException("queries", "at most " + MAX_INPUTS + " weighted queries");
        }
        for (int i = 0; i < query.inputs().size(); i++) {
            QueryInput input = query.inputs().get(i);
            if (input.isEmpty()) {
                throw new InvalidSearchException("queries[" + i + "]", "each query needs text, parts or an itemId");
            }
            if (!Double.isFinite(input.weight()) || input.weight() == 0) {
                throw new InvalidSearchException("queries[" + i + "].weight", "weight must be a non-zero number");
            }
        }
        if (query.topK() < 1 || query.topK() > SearchQuery.MAX_TOP_K) {
            throw new InvalidSearchException("topK", "topK must be within 1.." + SearchQuery.MAX_TOP_K);
        }
        if (query.offset() < 0 || query.offset() + query.topK() > SearchQuery.MAX_TOP_K) {
            throw new InvalidSearchException("offset", "offset must be at least 0, and offset + topK at most "
                    + SearchQuery.MAX_TOP_K);
        }
        if (Double.isNaN(query.minScore()) || query.minScore() < -1 || query.minScore() > 1) {
            throw new InvalidSearchException("minScore", "minScore must be within -1..1");
        }
        if (Double.isNaN(query.diversity()) || query.diversity() < 0 || query.diversity() > 1) {
            throw new InvalidSearchException("diversity", "diversity must be within 0..1");
        }
        if (query.groupBy() != null && query.groupBy().isBlank()) {
            throw new InvalidSearchException("groupBy", "groupBy names a metadata key");
        }
        if (query.hybrid() && keywordText(query).isEmpty()) {
            throw new InvalidSearchException("hybrid", "hybrid search needs query text to match keywords against");
        }
        if (query.task() != null && !query.task().isSearchQuery()) {
            throw new InvalidSearchException("task", "a search takes a query task: search-query, question-answering, "
                    + "fact-checking or code-retrieval (items are stored as search-document)");
        }
    }
}
