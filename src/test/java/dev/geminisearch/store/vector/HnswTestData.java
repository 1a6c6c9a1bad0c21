package dev.geminisearch.store.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/** Seeded vectors and an exact-search oracle for the HNSW tests. */
final class HnswTestData {

    private HnswTestData() {
    }

    /** An isotropic random unit vector: the hardest data for a graph index. */
    static float[] randomUnit(SplittableRandom random, int dimensions) {
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return normalise(vector);
    }

    /**
     * Data that looks more like real embeddings: a point of a {@code latent}-dimensional Gaussian
     * mapped into the full space by a fixed projection, plus 20% isotropic noise, normalised.
     */
    static final class LowRank {

        private final float[][] projection;
        private final int dimensions;

        LowRank(int latent, int dimensions, long seed) {
            this.dimensions = dimensions;
            SplittableRandom random = new SplittableRandom(seed);
            projection = new float[latent][];
            for (int j = 0; j < latent; j++) {
                projection[j] = randomUnit(random, dimensions);
            }
        }

        float[] next(SplittableRandom random) {
            float[] vector = new float[dimensions];
            for (float[] row : projection) {
                float z = (float) random.nextGaussian();
                for (int i = 0; i < dimensions; i++) {
                    vector[i] += z * row[i];
                }
            }
            double sigma = 0.2 * Math.sqrt(projection.length / (double) dimensions);
            for (int i = 0; i < dimensions; i++) {
                vector[i] += (float) (random.nextGaussian() * sigma);
            }
            return normalise(vector);
        }
    }

    static float[] normalise(float[] vector) {
        double norm = 0;
        for (float x : vector) {
            norm += (double) x * x;
        }
        double inverse = 1 / Math.sqrt(norm);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] * inverse);
        }
        return vector;
    }

    /** The exact top k of the nodes that pass {@code accept}, best first (score, then lower id). */
    static int[] exactTopK(HnswFloatVectors vectors, int[] nodes, float[] query, int k, IntPredicate accept) {
        HnswDotProduct kernel = HnswDotProduct.scalar();
        List<HnswHit> all = new ArrayList<>();
        for (int node : nodes) {
            if (accept == null || accept.test(node)) {
                all.add(new HnswHit(node, kernel.dot(query, vectors.array(node), vectors.offset(node), vectors.dimensions())));
            }
        }
        all.sort((a, b) -> a.score() != b.score() ? Float.compare(b.score(), a.score()) : Integer.compare(a.node(), b.node()));
        return all.stream().limit(k).mapToInt(HnswHit::node).toArray();
    }

    /** |found ∩ exact| / |exact|. */
    static double recall(List<HnswHit> found, int[] exact) {
        if (exact.length == 0) {
            return 1.0;
        }
        int[] sorted = exact.clone();
        Arrays.sort(sorted);
        int hits = 0;
        for (HnswHit hit : found) {
            if (Arrays.binarySearch(sorted, hit.node()) >= 0) {
                hits++;
            }
        }
        return hits / (double) exact.length;
    }
}
