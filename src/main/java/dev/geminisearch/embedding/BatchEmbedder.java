package dev.geminisearch.embedding;

import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link Embedder#embedAll} for Gemini: requests that become one text once prompted go to
 * {@code batchEmbedContents} (the SDK's {@code List<String>} overload), at most
 * {@value #MAX_TEXTS_PER_CALL} a call and grouped by size; any other request (media, several parts,
 * or gemini-embedding-001 with a task, whose task type and title are per call) is embedded alone.
 * Kept apart from {@link GeminiEmbedder} so that the upstream call itself stays there.
 */
final class BatchEmbedder {

    /** Gemini's limit on requests in one {@code batchEmbedContents} call. */
    static final int MAX_TEXTS_PER_CALL = 100;

    /** One upstream call for these texts at this size, retried and metered by the caller. */
    @FunctionalInterface
    interface BatchCall {
        EmbedContentResponse call(List<String> texts, int dimensions);
    }

    private final boolean legacyModel;
    private final Function<EmbeddingRequest, float[]> single;
    private final BatchCall batch;

    BatchEmbedder(boolean legacyModel, Function<EmbeddingRequest, float[]> single, BatchCall batch) {
        this.legacyModel = legacyModel;
        this.single = single;
        this.batch = batch;
    }

    List<float[]> embedAll(List<EmbeddingRequest> requests) {
        float[][] vectors = new float[requests.size()][];
        Map<Integer, List<Integer>> textsBySize = new LinkedHashMap<>();
        String[] texts = new String[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            EmbeddingRequest request = requests.get(i);
            String text = batchableText(request);
            if (text == null) {
                vectors[i] = single.apply(request);
            } else {
                texts[i] = text;
                textsBySize.computeIfAbsent(request.dimensions(), size -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Integer, List<Integer>> group : textsBySize.entrySet()) {
            List<Integer> indexes = group.getValue();
            for (int from = 0; from < indexes.size(); from += MAX_TEXTS_PER_CALL) {
                List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + MAX_TEXTS_PER_CALL));
                List<String> chunkTexts = new ArrayList<>(chunk.size());
                for (int i : chunk) {
                    chunkTexts.add(texts[i]);
                }
                List<float[]> answered = vectorsOf(batch.call(chunkTexts, group.getKey()), chunk.size(), group.getKey());
                for (int n = 0; n < chunk.size(); n++) {
                    vectors[chunk.get(n)] = answered.get(n);
                }
            }
        }
        return List.of(vectors);
    }

    /** The one text Gemini would get for this request, or null when it must go alone. */
    private String batchableText(EmbeddingRequest request) {
        if (legacyModel && request.task() != null) {
            return null;
        }
        List<Part> parts = legacyModel ? request.parts() : PromptFormatter.format(request.task(), request.title(), request.parts());
        return parts.size() == 1 && parts.get(0) instanceof Part.Text text ? text.text() : null;
    }

    private static List<float[]> vectorsOf(EmbedContentResponse response, int expected, int dimensions) {
        List<ContentEmbedding> embeddings = response.embeddings().orElse(List.of());
        if (embeddings.size() != expected) {
            throw new EmbeddingUnavailableException("Gemini returned " + embeddings.size() + " embeddings for "
                    + expected + " texts", null);
        }
        List<float[]> vectors = new ArrayList<>(expected);
        for (ContentEmbedding embedding : embeddings) {
            List<Float> values = embedding.values().orElse(List.of());
            if (values.size() != dimensions) {
                throw new EmbeddingUnavailableException("Gemini returned " + values.size() + " dimensions where "
                        + dimensions + " were asked for", null);
            }
            float[] vector = new float[dimensions];
            for (int i = 0; i < dimensions; i++) {
                vector[i] = values.get(i);
            }
            vectors.add(VectorNormalizer.normalize(vector));
        }
        return vectors;
    }
}
