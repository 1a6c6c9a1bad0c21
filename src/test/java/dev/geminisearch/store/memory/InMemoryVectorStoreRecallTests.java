package dev.geminisearch.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.SearchHit;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.vector.VectorEncoding;
import dev.geminisearch.store.vector.VectorProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How much of the exact top 10 the approximate row layouts find through the store API, on seeded
 * vectors: clustered (as embeddings of related content are) unit vectors, queries near stored ones.
 */
class InMemoryVectorStoreRecallTests {

    private static final int DIMENSIONS = 256;
    private static final int ITEMS = 4_000;
    private static final int QUERIES = 100;
    private static final int TOP_K = 10;
    private static final StoreFingerprint FINGERPRINT = new StoreFingerprint("gemini-embedding-2-test", DIMENSIONS);

    private final Random random = new Random(20260415L);
    private final List<float[]> vectors = new ArrayList<>();

    @Test
    void int8WithFullPrecisionRescoringFindsAtLeast99PercentOfTheExactTop10() {
        double recall = recall(VectorProperties.defaults().withLayout(VectorEncoding.INT8, 0));

        assertThat(recall).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void theExactDefaultLayoutFindsTheWholeExactTop10() {
        assertThat(recall(VectorProperties.defaults())).isEqualTo(1.0);
    }

    /** Mean fraction of the brute-force top 10 that the store returns. */
    private double recall(VectorProperties layout) {
        vectors.clear();
        float[][] centres = new float[40][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = unit(gaussian(1.0));
        }
        try (VectorStore store = new InMemoryVectorStore(FINGERPRINT, layout)) {
            for (int i = 0; i < ITEMS; i++) {
                float[] vector = near(centres[random.nextInt(centres.length)], 0.6);
                vectors.add(vector);
                store.upsert(new StoredItem("item-" + i, null, Map.of(), List.of(StoredPart.text("t")),
                        Instant.EPOCH, vector), Map.of());
            }
            double found = 0;
            for (int q = 0; q < QUERIES; q++) {
                float[] query = near(vectors.get(random.nextInt(ITEMS)), 0.5);
                Set<String> exact = bruteForceTop(query);
                for (SearchHit hit : store.search(query, TOP_K, -1, ItemFilter.NONE)) {
                    if (exact.contains(hit.item().id())) {
                        found++;
                    }
                }
            }
            return found / (QUERIES * TOP_K);
        }
    }

    private Set<String> bruteForceTop(float[] query) {
        Integer[] order = new Integer[vectors.size()];
        double[] scores = new double[vectors.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            for (int d = 0; d < DIMENSIONS; d++) {
                scores[i] += (double) query[d] * vectors.get(i)[d];
            }
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        Set<String> top = new HashSet<>();
        for (int i = 0; i < TOP_K; i++) {
            top.add("item-" + order[i]);
        }
        return top;
    }

    private float[] near(float[] centre, double spread) {
        float[] noise = gaussian(spread / Math.sqrt(DIMENSIONS));
        for (int d = 0; d < DIMENSIONS; d++) {
            noise[d] += centre[d];
        }
        return unit(noise);
    }

    private float[] gaussian(double sigma) {
        float[] vector = new float[DIMENSIONS];
        for (int d = 0; d < DIMENSIONS; d++) {
            vector[d] = (float) (random.nextGaussian() * sigma);
        }
        return vector;
    }

    private static float[] unit(float[] vector) {
        double squares = 0;
        for (float value : vector) {
            squares += (double) value * value;
        }
        float scale = (float) (1 / Math.sqrt(squares));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= scale;
        }
        return vector;
    }
}
