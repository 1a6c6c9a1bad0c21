package dev.geminisearch.store.vector;

import java.util.SplittableRandom;

/** Seeded vectors for the tests of this package. */
final class TestVectors {

    private TestVectors() {
    }

    static float[] gaussian(SplittableRandom random, int length) {
        float[] vector = new float[length];
        for (int i = 0; i < length; i++) {
            vector[i] = (float) nextGaussian(random);
        }
        return vector;
    }

    static float[] unit(SplittableRandom random, int length) {
        return normalise(gaussian(random, length));
    }

    static byte[] codes(SplittableRandom random, int length) {
        byte[] codes = new byte[length];
        for (int i = 0; i < length; i++) {
            codes[i] = (byte) (random.nextInt(255) - 127);
        }
        return codes;
    }

    /**
     * Embedding-like data: unit vectors around {@code clusters} random centres (so that neighbours
     * are close and top-10 lists are tight), with per-dimension spread decaying along the vector as
     * in a Matryoshka-trained model, whose leading dimensions carry the most information.
     */
    static float[][] clustered(SplittableRandom random, int count, int dimensions, int clusters) {
        float[][] centres = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centres[c] = decaying(random, dimensions);
        }
        float[][] vectors = new float[count][];
        for (int i = 0; i < count; i++) {
            float[] centre = centres[random.nextInt(clusters)];
            float[] noise = decaying(random, dimensions);
            float[] vector = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                vector[d] = centre[d] + 0.8f * noise[d];
            }
            vectors[i] = normalise(vector);
        }
        return vectors;
    }

    /** A query drawn like {@link #clustered} data: one of the vectors plus noise, re-normalised. */
    static float[] near(SplittableRandom random, float[] vector) {
        float[] noise = decaying(random, vector.length);
        float[] query = new float[vector.length];
        for (int d = 0; d < vector.length; d++) {
            query[d] = vector[d] + 0.5f * noise[d];
        }
        return normalise(query);
    }

    private static float[] decaying(SplittableRandom random, int dimensions) {
        float[] vector = new float[dimensions];
        for (int d = 0; d < dimensions; d++) {
            vector[d] = (float) (nextGaussian(random) / Math.sqrt(1.0 + d / 32.0));
        }
        return normalise(vector);
    }

    static float[] normalise(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        float scale = (float) (1.0 / Math.sqrt(squares));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    /** Exact (double) dot product. */
    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static double nextGaussian(SplittableRandom random) {
        return random.nextGaussian();
    }
}
