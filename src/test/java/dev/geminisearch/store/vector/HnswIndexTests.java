package dev.geminisearch.store.vector;

import static dev.geminisearch.store.vector.HnswTestData.exactTopK;
import static dev.geminisearch.store.vector.HnswTestData.randomUnit;
import static dev.geminisearch.store.vector.HnswTestData.recall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Search quality and the node-id, delete and filter contract of {@link HnswIndex}. Recall is
 * measured against an exact scan of the same seeded data; it is a quality assertion, not a timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HnswIndexTests {

    private static final int DIMENSIONS = 128;
    private static final int COUNT = 20_000;
    private static final int QUERIES = 200;
    private static final int K = 10;
    private static final HnswIndex.Options OPTIONS = new HnswIndex.Options(16, 100, 1.0, 2, 42L);

    private HnswFloatVectors lowRank;
    private int[] lowRankNodes;
    private HnswIndex lowRankIndex;
    private final List<float[]> lowRankQueries = new ArrayList<>();

    @BeforeAll
    void buildLowRankIndex() {
        // 20k x 128 of intrinsic dimension 16, node ids deliberately not 0..n-1 in order. Measured:
        // recall@10 1.0 at ef 100, 0.87-0.88 at ef 10 (two runs).
        HnswTestData.LowRank data = new HnswTestData.LowRank(16, DIMENSIONS, 7);
        SplittableRandom random = new SplittableRandom(1);
        lowRank = new HnswFloatVectors(DIMENSIONS);
        lowRankNodes = new int[COUNT];
        for (int i = 0; i < COUNT; i++) {
            int node = COUNT - 1 - i;
            lowRankNodes[i] = node;
            lowRank.put(node, data.next(random));
        }
        lowRankIndex = HnswIndex.build(lowRank, HnswDotProduct.scalar(), OPTIONS, lowRankNodes);
        SplittableRandom queries = new SplittableRandom(2);
        for (int q = 0; q < QUERIES; q++) {
            lowRankQueries.add(data.next(queries));
        }
    }

    private double meanRecall(HnswIndex index, HnswFloatVectors vectors, int[] nodes, List<float[]> queries, int ef,
                              IntPredicate accept) {
        double sum = 0;
        for (float[] query : queries) {
            List<HnswHit> hits = index.search(query, K, ef, accept).hits();
            sum += recall(hits, exactTopK(vectors, nodes, query, K, accept));
        }
        return sum / queries.size();
    }

    @Test
    void findsAtLeast95PercentOfTheExactTop10OnLowRankData() {
        double recall = meanRecall(lowRankIndex, lowRank, lowRankNodes, lowRankQueries, 100, null);

        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void largerEfFindsMoreOfTheExactTop10() {
        double narrow = meanRecall(lowRankIndex, lowRank, lowRankNodes, lowRankQueries, 10, null);
        double wide = meanRecall(lowRankIndex, lowRank, lowRankNodes, lowRankQueries, 200, null);

        assertThat(wide).isGreaterThan(narrow).isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void returnsExactScoresBestFirstAndFindsAStoredVectorFirst() {
        for (int i = 0; i < 50; i++) {
            int node = lowRankNodes[i * 397];
            float[] stored = lowRank.get(node);

            List<HnswHit> hits = lowRankIndex.search(stored, K, 100, null).hits();

            assertThat(hits).hasSize(K);
            assertThat(hits.get(0).node()).isEqualTo(node);
            for (int h = 0; h < hits.size(); h++) {
                HnswHit hit = hits.get(h);
                float exact = HnswDotProduct.scalar().dot(stored, lowRank.array(hit.node()), lowRank.offset(hit.node()), DIMENSIONS);
                assertThat(hit.score()).isEqualTo(exact);
                if (h > 0) {
                    assertThat(hit.score()).isLessThanOrEqualTo(hits.get(h - 1).score());
                }
            }
        }
    }

    @Test
    void onUniformRandomDataRecallIsLowerAndStated() {
        // Isotropic random vectors in 128 dimensions: all distances concentrate, the graph has little
        // to navigate by. Measured with this seed: 0.826 and 0.840 at ef 100, 0.997 and 0.998 at ef 400
        // (two runs: the build's two threads interleave differently each time); the bounds leave room.
        SplittableRandom random = new SplittableRandom(3);
        int count = 10_000;
        HnswFloatVectors vectors = new HnswFloatVectors(DIMENSIONS);
        int[] nodes = new int[count];
        for (int i = 0; i < count; i++) {
            nodes[i] = i;
            vectors.put(i, randomUnit(random, DIMENSIONS));
        }
        HnswIndex index = HnswIndex.build(vectors, HnswDotProduct.scalar(), OPTIONS, nodes);
        List<float[]> queries = new ArrayList<>();
        for (int q = 0; q < 100; q++) {
            queries.add(randomUnit(random, DIMENSIONS));
        }

        double at100 = meanRecall(index, vectors, nodes, queries, 100, null);
        double at400 = meanRecall(index, vectors, nodes, queries, 400, null);

        assertThat(at100).isGreaterThanOrEqualTo(0.75);
        assertThat(at400).isGreaterThan(at100).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void acceptPredicateIsRespectedAndFilteredRecallStaysAbove95Percent() {
        IntPredicate everyFifth = node -> node % 5 == 0; // selectivity 0.2

        double plain = meanRecall(lowRankIndex, lowRank, lowRankNodes, lowRankQueries, 100, everyFifth);
        HnswProperties fromZero = new HnswProperties(true, 0, 16, 100, 100, 0.1, 1000, 0.1, 0);
        int raised = new HnswPolicy(fromZero).plan(COUNT, K, 0.2, true).ef();
        double withPolicyEf = meanRecall(lowRankIndex, lowRank, lowRankNodes, lowRankQueries, raised, everyFifth);

        for (float[] query : lowRankQueries) {
            assertThat(lowRankIndex.search(query, K, 100, everyFifth).hits())
                    .hasSize(K)
                    .allSatisfy(hit -> assertThat(hit.node() % 5).isZero());
        }
        assertThat(raised).isGreaterThan(100);
        assertThat(plain).isGreaterThanOrEqualTo(0.95);
        assertThat(withPolicyEf).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aVisitLimitStopsAWalkThroughARestrictiveFilterAndSaysSo() {
        IntPredicate onePerThousand = node -> node % 1000 == 0;
        float[] query = lowRankQueries.get(0);

        HnswResult unlimited = lowRankIndex.search(query, K, 100, onePerThousand);
        HnswResult limited = lowRankIndex.search(query, K, 100, onePerThousand, 2000);

        // 20 nodes pass: the walk scores most of the graph to collect them
        assertThat(unlimited.complete()).isTrue();
        assertThat(unlimited.visitedNodes()).isGreaterThan(COUNT / 2);
        assertThat(unlimited.hits()).hasSize(K).allSatisfy(hit -> assertThat(hit.node() % 1000).isZero());
        assertThat(limited.complete()).isFalse();
        assertThat(limited.visitedNodes()).isLessThanOrEqualTo(2000);
        assertThat(lowRankIndex.search(query, K, 100, null, 1_000_000).complete()).isTrue();
    }

    @Test
    void removedNodesAreNeverReturnedAndTheirIdsCanComeBack() {
        SplittableRandom random = new SplittableRandom(4);
        HnswTestData.LowRank data = new HnswTestData.LowRank(16, DIMENSIONS, 8);
        HnswFloatVectors vectors = new HnswFloatVectors(DIMENSIONS);
        HnswIndex index = HnswIndex.create(vectors, HnswDotProduct.scalar(), OPTIONS);
        int count = 3000;
        for (int node = 0; node < count; node++) {
            vectors.put(node, data.next(random));
            index.add(node);
        }
        List<Integer> removed = new ArrayList<>();
        for (int node = 0; node < count; node += 3) {
            assertThat(index.remove(node)).isTrue();
            removed.add(node);
            // the store may now reuse the row: overwrite it with garbage to prove the index copied it
            vectors.put(node, randomUnit(random, DIMENSIONS));
        }

        assertThat(index.size()).isEqualTo(count - removed.size());
        assertThat(index.deletedCount()).isEqualTo(removed.size());
        assertThat(index.remove(0)).isFalse();
        assertThat(index.contains(0)).isFalse();
        int[] liveNodes = java.util.stream.IntStream.range(0, count).filter(n -> n % 3 != 0).toArray();
        double recallSum = 0;
        for (int q = 0; q < 100; q++) {
            float[] query = q % 2 == 0 ? data.next(random) : vectors.get(q * 3); // also queries at removed nodes' old places
            List<HnswHit> hits = index.search(query, K, 100, null).hits();
            assertThat(hits).hasSize(K).allSatisfy(hit -> assertThat(hit.node() % 3).isNotZero());
            recallSum += recall(hits, exactTopK(vectors, liveNodes, query, K, null));
        }
        assertThat(recallSum / 100).isGreaterThanOrEqualTo(0.95);

        float[] comeback = data.next(random);
        vectors.put(3, comeback);
        index.add(3);
        assertThat(index.search(comeback, 1, 50, null).hits().get(0).node()).isEqualTo(3);
    }

    @Test
    void rebuildsWhenRemovedNodesExceedTheConfiguredFraction() {
        SplittableRandom random = new SplittableRandom(5);
        HnswFloatVectors vectors = new HnswFloatVectors(16);
        int[] nodes = new int[1000];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = i;
            vectors.put(i, randomUnit(random, 16));
        }
        HnswIndex index = HnswIndex.build(vectors, HnswDotProduct.scalar(), new HnswIndex.Options(8, 50, 0.1, 1, 1L), nodes);

        for (int node = 0; node < 100; node++) {
            index.remove(node);
        }
        assertThat(index.deletedCount()).isEqualTo(100); // exactly 10%: not more than the fraction yet
        index.remove(100);

        assertThat(index.deletedCount()).isZero();
        assertThat(index.size()).isEqualTo(899);
        assertThat(index.contains(100)).isFalse();
        assertThat(index.contains(101)).isTrue();
        float[] query = vectors.get(500);
        assertThat(index.search(query, 1, 50, null).hits().get(0).node()).isEqualTo(500);
    }

    @Test
    void addingANodeTwiceIsRefused() {
        HnswFloatVectors vectors = new HnswFloatVectors(4);
        vectors.put(9, new float[] {1, 0, 0, 0});
        HnswIndex index = HnswIndex.create(vectors, HnswDotProduct.scalar(), OPTIONS);
        index.add(9);

        assertThatThrownBy(() -> index.add(9)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remove it first");
        assertThatThrownBy(() -> index.add(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.search(new float[3], 1, 10, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.search(new float[4], 0, 10, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyIndexFindsNothing() {
        HnswIndex index = HnswIndex.create(new HnswFloatVectors(8), HnswDotProduct.scalar(), OPTIONS);

        assertThat(index.search(new float[8], 5, 10, null).hits()).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void sparseLargeNodeIdsWork() {
        SplittableRandom random = new SplittableRandom(6);
        int count = 500;
        float[][] stored = new float[count][];
        int[] ids = new int[count];
        // ids far apart: the index keeps only ids, the vectors sit in rows of their own
        HnswFloatVectors rows = new HnswFloatVectors(32);
        HnswVectors byId = new HnswVectors() {
            @Override
            public int dimensions() {
                return 32;
            }

            @Override
            public float[] array(int node) {
                return rows.array(node / 1_000_003);
            }

            @Override
            public int offset(int node) {
                return rows.offset(node / 1_000_003);
            }
        };
        HnswIndex index = HnswIndex.create(byId, HnswDotProduct.scalar(), OPTIONS);
        for (int i = 0; i < count; i++) {
            ids[i] = i * 1_000_003;
            stored[i] = randomUnit(random, 32);
            rows.put(i, stored[i]);
            index.add(ids[i]);
        }

        for (int i = 0; i < count; i += 7) {
            assertThat(index.search(stored[i], 1, 50, null).hits().get(0).node()).isEqualTo(ids[i]);
        }
    }

    @Test
    void everyScoreGoesThroughThePluggedKernel() {
        AtomicLong calls = new AtomicLong();
        HnswDotProduct scalar = HnswDotProduct.scalar();
        HnswDotProduct counting = (query, block, offset, length) -> {
            calls.incrementAndGet();
            return scalar.dot(query, block, offset, length);
        };
        HnswIndex index = HnswIndex.build(lowRank, counting, OPTIONS, java.util.Arrays.copyOf(lowRankNodes, 2000));
        long afterBuild = calls.get();

        HnswResult result = index.search(lowRankQueries.get(0), K, 50, null);

        assertThat(afterBuild).isGreaterThan(2000);
        assertThat(calls.get() - afterBuild).isEqualTo(result.visitedNodes()).isPositive();
    }

    @Test
    void vectorsOf3072DimensionsWork() {
        // Lucene's 1024-dimension limit lives in its codecs and field infos, not in the graph classes
        SplittableRandom random = new SplittableRandom(9);
        HnswTestData.LowRank data = new HnswTestData.LowRank(32, 3072, 10);
        int count = 2000;
        HnswFloatVectors vectors = new HnswFloatVectors(3072);
        int[] nodes = new int[count];
        for (int i = 0; i < count; i++) {
            nodes[i] = i;
            vectors.put(i, data.next(random));
        }
        HnswIndex index = HnswIndex.build(vectors, HnswDotProduct.scalar(), OPTIONS, nodes);

        double sum = 0;
        for (int q = 0; q < 20; q++) {
            float[] query = data.next(random);
            sum += recall(index.search(query, K, 100, null).hits(), exactTopK(vectors, nodes, query, K, null));
        }
        assertThat(index.dimensions()).isEqualTo(3072);
        assertThat(sum / 20).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void bulkBuildOnOneThreadAndIncrementalAddsGiveTheSameQuality() {
        int[] nodes = java.util.Arrays.copyOf(lowRankNodes, 5000);
        HnswIndex single = HnswIndex.build(lowRank, HnswDotProduct.scalar(), OPTIONS.withBuildThreads(1), nodes);
        HnswIndex incremental = HnswIndex.create(lowRank, HnswDotProduct.scalar(), OPTIONS);
        for (int node : nodes) {
            incremental.add(node);
        }
        List<float[]> queries = lowRankQueries.subList(0, 50);

        assertThat(meanRecall(single, lowRank, nodes, queries, 100, null)).isGreaterThanOrEqualTo(0.95);
        assertThat(meanRecall(incremental, lowRank, nodes, queries, 100, null)).isGreaterThanOrEqualTo(0.95);
        assertThat(single.size()).isEqualTo(incremental.size()).isEqualTo(5000);
    }

    @Test
    void estimatesSelectivityFromASample() {
        assertThat(lowRankIndex.estimateSelectivity(node -> node % 5 == 0, 1000)).isBetween(0.17, 0.23);
        assertThat(lowRankIndex.estimateSelectivity(node -> true, 100)).isEqualTo(1.0);
        assertThat(lowRankIndex.estimateSelectivity(node -> false, 100)).isZero();
    }

    @Test
    void memoryIsReportedPerNodeForTheGraphAndIdsOnly() {
        long bytes = lowRankIndex.memoryBytes();

        // neighbour lists of up to 2m ints and floats per node, plus upper layers and the id maps;
        // not the 512-byte vectors, which the caller holds
        assertThat(bytes / COUNT).isBetween(100L, 600L);
    }
}
