package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RerankerTests {

    private static final int DIMENSIONS = 64;

    @TempDir
    Path scratch;

    private VectorRows rows;

    @AfterEach
    void close() {
        if (rows != null) {
            rows.close();
        }
    }

    @Test
    void onExactRowsReturnsTheBestKBestFirstWithTiesGoingToTheLowerRow() {
        rows = VectorRows.create(2, VectorProperties.defaults());
        float[][] vectors = {{0.1f, 0f}, {0.9f, 0f}, {0.5f, 0f}, {0.9f, 0f}, {0.7f, 0f}};
        for (float[] vector : vectors) {
            rows.append(vector);
        }
        float[] query = {1f, 0f};

        RankedRows top = new Reranker(rows, 4).top(query, scan(query), 3, null);

        assertThat(top.rows()).containsExactly(1, 3, 4);
        assertThat(top.scores()).containsExactly(0.9f, 0.9f, 0.7f);
    }

    @Test
    void onInt8RowsReturnsExactScoresInExactOrder() {
        rows = VectorRows.create(DIMENSIONS, VectorProperties.defaults().withLayout(VectorEncoding.INT8, 0));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 3000; i++) {
            rows.append(TestVectors.unit(random, DIMENSIONS));
        }
        float[] query = TestVectors.unit(random, DIMENSIONS);

        RankedRows top = new Reranker(rows, 4).top(query, scan(query), 10, null);

        assertThat(top.count()).isEqualTo(10);
        for (int i = 0; i < top.count(); i++) {
            assertThat(top.scores()[i]).isEqualTo(rows.exactScore(query, top.rows()[i]));
        }
        for (int i = 1; i < top.count(); i++) {
            assertThat(top.scores()[i]).isLessThanOrEqualTo(top.scores()[i - 1]);
        }
    }

    @Test
    void returnsOnlyAdmittedRowsAndAsksAboutFewRowsBeyondTheCandidates() {
        rows = VectorRows.create(DIMENSIONS, VectorProperties.defaults());
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 20_000; i++) {
            rows.append(TestVectors.unit(random, DIMENSIONS));
        }
        float[] query = TestVectors.unit(random, DIMENSIONS);
        float[] scores = scan(query);
        AtomicInteger asked = new AtomicInteger();

        RankedRows top = new Reranker(rows, 4).top(query, scores, 10, row -> {
            asked.incrementAndGet();
            return row % 2 == 0;
        });

        int[] expected = IntStream.range(0, rows.size()).filter(row -> row % 2 == 0).boxed()
                .sorted(Comparator.comparingDouble(row -> -scores[row])).limit(10).mapToInt(Integer::intValue).toArray();
        assertThat(top.rows()).containsExactly(expected);
        // only rows that beat the current 10th best are asked about: a few hundred of 20,000
        assertThat(asked.get()).isLessThan(2_000);
    }

    @Test
    void returnsFewerRowsWhenFewerAreAdmitted() {
        rows = VectorRows.create(DIMENSIONS, VectorProperties.defaults().withLayout(VectorEncoding.INT8, 16));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            rows.append(TestVectors.unit(random, DIMENSIONS));
        }
        float[] query = TestVectors.unit(random, DIMENSIONS);

        RankedRows top = new Reranker(rows, 3).top(query, scan(query), 10, row -> row < 4);

        assertThat(top.rows()).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(new Reranker(rows, 3).top(query, scan(query), 100, null).count()).isEqualTo(50);
    }

    @Test
    void rejectsKOrOversampleBelowOne() {
        rows = VectorRows.create(DIMENSIONS, VectorProperties.defaults());

        assertThatThrownBy(() -> new Reranker(rows, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reranker(rows, 1).top(new float[DIMENSIONS], new float[0], 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private float[] scan(float[] query) {
        float[] scores = new float[rows.size()];
        rows.scan(query, scores);
        return scores;
    }

}
