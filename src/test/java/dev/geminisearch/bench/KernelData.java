package dev.geminisearch.bench;

import dev.geminisearch.store.vector.RankedRows;
import dev.geminisearch.store.vector.Reranker;
import dev.geminisearch.store.vector.VectorRows;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded data of the kernel benchmarks: {@code count x dimensions} unit vectors around random centres
 * with per-dimension spread decaying along the vector (as a Matryoshka-trained model concentrates
 * information in the leading dimensions), and queries drawn near stored vectors. Speed does not
 * depend on the values; the recall figures printed beside the timings do.
 */
final class KernelData {

    static final long SEED = 42L;
    static final int QUERIES = 64;
    private static final int CLUSTERS = 1000;

    final int count;
    final int dimensions;
    final float[][] vectors;
    final float[][] queries;

    private KernelData(int count, int dimensions) {
        this.count = count;
        this.dimensions = dimensions;
        SplittableRandom random = new SplittableRandom(SEED);
        float[][] centres = new float[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            centres[c] = decaying(random, dimensions);
        }
        vectors = new float[count][];
        for (int i = 0; i < count; i++) {
            float[] centre = centres[random.nextInt(CLUSTERS)];
            float[] noise = decaying(random, dimensions);
            float[] vector = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                vector[d] = centre[d] + 0.8f * noise[d];
            }
            vectors[i] = normalise(vector);
        }
        queries = new float[QUERIES][];
        for (int q = 0; q < QUERIES; q++) {
            float[] near = vectors[random.nextInt(count)];
            float[] noise = decaying(random, dimensions);
            float[] query = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                query[d] = near[d] + 0.5f * noise[d];
            }
            queries[q] = normalise(query);
        }
    }

    /** {@code shape} is {@code COUNTxDIMENSIONS}, e.g. {@code 100000x768}. */
    static KernelData of(String shape) {
        String[] parts = shape.toLowerCase(Locale.ROOT).split("x");
        return new KernelData(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    VectorRows fill(VectorRows rows) {
        for (float[] vector : vectors) {
            rows.append(vector);
        }
        return rows;
    }

    /** The vectors in {@code float[]} blocks of {@link VectorRows#ROWS_PER_BLOCK} rows, an older layout of the index (it now sizes blocks by bytes). */
    float[][] blocks() {
        int perBlock = VectorRows.ROWS_PER_BLOCK;
        float[][] blocks = new float[(count + perBlock - 1) / perBlock][];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = new float[perBlock * dimensions];
        }
        for (int i = 0; i < count; i++) {
            System.arraycopy(vectors[i], 0, blocks[i / perBlock], (i % perBlock) * dimensions, dimensions);
        }
        return blocks;
    }

    /**
     * Mean recall@k of {@code approximate} (scan, then exact re-rank of k x oversample) against an
     * exact float32 scan of the same vectors, over all queries; printed so that the script can report it.
     */
    static double recall(VectorRows exact, VectorRows approximate, int oversample, float[][] queries, int k) {
        Reranker truth = new Reranker(exact, 1);
        Reranker reranker = new Reranker(approximate, oversample);
        float[] exactScores = new float[exact.size()];
        float[] scanScores = new float[approximate.size()];
        int found = 0;
        for (float[] query : queries) {
            exact.scan(query, exactScores);
            approximate.scan(query, scanScores);
            Set<Integer> expected = new HashSet<>();
            for (int row : truth.top(query, exactScores, k, null).rows()) {
                expected.add(row);
            }
            RankedRows got = reranker.top(query, scanScores, k, null);
            for (int row : got.rows()) {
                if (expected.contains(row)) {
                    found++;
                }
            }
        }
        return found / (double) (k * queries.length);
    }

    private static float[] decaying(SplittableRandom random, int dimensions) {
        float[] vector = new float[dimensions];
        for (int d = 0; d < dimensions; d++) {
            vector[d] = (float) (random.nextGaussian() / Math.sqrt(1.0 + d / 32.0));
        }
        return normalise(vector);
    }

    private static float[] normalise(float[] vector) {
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
}
