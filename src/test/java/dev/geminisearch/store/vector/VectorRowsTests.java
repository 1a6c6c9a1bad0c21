package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VectorRowsTests {

    /** Not a multiple of any vector width, so every scan also runs the kernels' scalar tails. */
    private static final int DIMENSIONS = 203;
    private static final int SHORTLIST = 37;

    @TempDir
    Path scratch;

    private final List<VectorRows> opened = new ArrayList<>();

    @AfterEach
    void closeRows() {
        opened.forEach(VectorRows::close);
    }

    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of(VectorEncoding.FLOAT32, 0), Arguments.of(VectorEncoding.INT8, 0),
                Arguments.of(VectorEncoding.FLOAT32, SHORTLIST), Arguments.of(VectorEncoding.INT8, SHORTLIST));
    }

    private VectorRows rows(VectorEncoding encoding, int shortlist, int dimensions) {
        VectorProperties settings = new VectorProperties(encoding, shortlist, 4, true, 16, 1, scratch);
        VectorRows rows = VectorRows.create(dimensions, settings);
        opened.add(rows);
        return rows;
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void appendNumbersRowsInOrderAndKeepsEachVectorAtFullPrecision(VectorEncoding encoding, int shortlist) {
        VectorRows rows = rows(encoding, shortlist, DIMENSIONS);
        SplittableRandom random = new SplittableRandom(1);
        List<float[]> vectors = new ArrayList<>();
        // past one block, so that rows live in two blocks (and two mapped chunks)
        for (int i = 0; i < VectorRows.ROWS_PER_BLOCK + 300; i++) {
            float[] vector = TestVectors.unit(random, DIMENSIONS);
            vectors.add(vector);
            assertThat(rows.append(vector)).isEqualTo(i);
        }

        assertThat(rows.size()).isEqualTo(vectors.size());
        for (int row = 0; row < vectors.size(); row++) {
            assertThat(rows.vector(row)).as("row %d", row).containsExactly(vectors.get(row));
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void removeBySwapMovesTheLastRowIntoTheHoleAndKeepsEveryRemainingVector(VectorEncoding encoding, int shortlist) {
        VectorRows rows = rows(encoding, shortlist, DIMENSIONS);
        SplittableRandom random = new SplittableRandom(2);
        List<float[]> model = new ArrayList<>();
        for (int i = 0; i < 2 * VectorRows.ROWS_PER_BLOCK + 100; i++) {
            float[] vector = TestVectors.unit(random, DIMENSIONS);
            model.add(vector);
            rows.append(vector);
        }
        float[] query = TestVectors.unit(random, DIMENSIONS);
        float[] before = new float[rows.size()];
        rows.scan(query, before);
        List<Float> scanScores = new ArrayList<>();
        for (float score : before) {
            scanScores.add(score);
        }

        // the last row, the first, and random ones, until fewer than one block is left
        int[] first = {model.size() - 1, 0};
        for (int n = 0; model.size() > VectorRows.ROWS_PER_BLOCK / 2; n++) {
            int row = n < first.length ? first[n] : random.nextInt(model.size());
            int last = model.size() - 1;
            model.set(row, model.get(last));
            model.remove(last);
            scanScores.set(row, scanScores.get(last));
            scanScores.remove(last);
            rows.removeBySwap(row);
        }

        assertThat(rows.size()).isEqualTo(model.size());
        float[] after = new float[rows.size()];
        rows.scan(query, after);
        for (int row = 0; row < model.size(); row++) {
            assertThat(rows.vector(row)).as("row %d", row).containsExactly(model.get(row));
            // the scan codes moved with their vectors: the same estimate as before the swaps
            assertThat(after[row]).as("scan score of row %d", row).isEqualTo(scanScores.get(row));
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void replaceOverwritesOneRowOnly(VectorEncoding encoding, int shortlist) {
        VectorRows rows = rows(encoding, shortlist, DIMENSIONS);
        SplittableRandom random = new SplittableRandom(3);
        float[] a = TestVectors.unit(random, DIMENSIONS);
        float[] b = TestVectors.unit(random, DIMENSIONS);
        float[] c = TestVectors.unit(random, DIMENSIONS);
        rows.append(a);
        rows.append(b);

        rows.replace(0, c);

        assertThat(rows.vector(0)).containsExactly(c);
        assertThat(rows.vector(1)).containsExactly(b);
        assertThat(rows.exactScore(c, 0)).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void float32WithoutShortlistScansExactDotProducts() {
        VectorRows rows = rows(VectorEncoding.FLOAT32, 0, DIMENSIONS);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 500; i++) {
            rows.append(TestVectors.unit(random, DIMENSIONS));
        }
        float[] query = TestVectors.unit(random, DIMENSIONS);
        float[] scores = new float[rows.size()];

        rows.scan(query, scores);

        assertThat(rows.isExact()).isTrue();
        for (int row = 0; row < rows.size(); row++) {
            assertThat(scores[row]).isEqualTo(rows.exactScore(query, row));
        }
    }

    @Test
    void int8ScanScoresStayCloseToTheExactScores() {
        VectorRows rows = rows(VectorEncoding.INT8, 0, 768);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            rows.append(TestVectors.unit(random, 768));
        }
        float[] query = TestVectors.unit(random, 768);
        float[] scores = new float[rows.size()];

        rows.scan(query, scores);

        assertThat(rows.isExact()).isFalse();
        double worst = 0;
        for (int row = 0; row < rows.size(); row++) {
            worst = Math.max(worst, Math.abs(scores[row] - rows.exactScore(query, row)));
        }
        // half a quantisation step (max|x| / 254, ~0.0005 here) per component, in random directions:
        // the error of a unit query's score is about that times its norm, far below 0.01
        assertThat(worst).isLessThan(0.01);
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aBatchedScanGivesEachQueryTheScoresOfItsOwnScan(VectorEncoding encoding, int shortlist) {
        VectorRows rows = rows(encoding, shortlist, DIMENSIONS);
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < VectorRows.ROWS_PER_BLOCK + 77; i++) {
            rows.append(TestVectors.unit(random, DIMENSIONS));
        }
        for (int count = 1; count <= 9; count++) {
            float[][] queries = new float[count][];
            float[][] batched = new float[count][rows.size()];
            for (int q = 0; q < count; q++) {
                queries[q] = TestVectors.unit(random, DIMENSIONS);
            }

            rows.scan(queries, batched);

            for (int q = 0; q < count; q++) {
                float[] alone = new float[rows.size()];
                rows.scan(queries[q], alone);
                for (int row = 0; row < rows.size(); row++) {
                    // the same products summed in another order: float rounding only (unit vectors, and
                    // int8 codes of at most 127 times a scale of about 1/127)
                    assertThat(batched[q][row]).as("query %d of %d, row %d", q, count, row).isCloseTo(alone[row], within(1e-5f));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void scanningIntoAConsumerGivesEveryRowOnceInOrderWithTheArrayScores(VectorEncoding encoding, int shortlist) {
        VectorRows rows = rows(encoding, shortlist, DIMENSIONS);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2 * VectorRows.ROWS_PER_BLOCK + 5; i++) {
            rows.append(TestVectors.unit(random, DIMENSIONS));
        }
        float[] query = TestVectors.unit(random, DIMENSIONS);
        float[] expected = new float[rows.size()];
        rows.scan(query, expected);
        List<Integer> seen = new ArrayList<>();

        rows.scan(query, (row, score) -> {
            seen.add(row);
            assertThat(score).isEqualTo(expected[row]);
        });

        assertThat(seen).hasSize(rows.size()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void int8WithExactRescoringFindsAtLeast99PercentOfTheTrueTop10() {
        double recall = recallAt10(VectorEncoding.INT8, 0, 768, 4);

        assertThat(recall).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void aMatryoshkaShortlistReRankedExactlyFindsTheTrueTop10() {
        // 256 of 768 dimensions, as with Gemini's recommended sizes; the synthetic data puts most of
        // each vector's spread in its leading dimensions, as Matryoshka training does
        assertThat(recallAt10(VectorEncoding.FLOAT32, 256, 768, 10)).isGreaterThanOrEqualTo(0.99);
        assertThat(recallAt10(VectorEncoding.INT8, 256, 768, 10)).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void int8HoldsAQuarterOfTheHeapOfFloat32AndKeepsTheFullVectorsOffTheHeap() {
        VectorRows floats = rows(VectorEncoding.FLOAT32, 0, 768);
        VectorRows bytes = rows(VectorEncoding.INT8, 0, 768);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 3 * VectorRows.ROWS_PER_BLOCK; i++) {
            float[] vector = TestVectors.unit(random, 768);
            floats.append(vector);
            bytes.append(vector);
        }

        assertThat(floats.memoryBytes()).isEqualTo(3L * VectorRows.ROWS_PER_BLOCK * 768 * Float.BYTES);
        assertThat(floats.offHeapBytes()).isZero();
        // codes, plus one float scale per row
        assertThat(bytes.memoryBytes()).isEqualTo(3L * VectorRows.ROWS_PER_BLOCK * (768 + Float.BYTES));
        assertThat(bytes.offHeapBytes()).isEqualTo(floats.memoryBytes());
    }

    @Test
    void heapBlocksStayBelowHalfTheSmallestG1RegionWhateverTheRowSize() {
        // a block of half a region or more would be a humongous object, wasting the rest of its regions
        for (long bytesPerRow : new long[] {1, 768, 768 * 4, 1024 * 4, 3072, 3072 * 4, 65_536}) {
            int rows = VectorRows.rowsPerBlock(bytesPerRow);
            // with the array's header: G1's smallest region is 1 MiB
            assertThat(rows * bytesPerRow + 24).isLessThan(512 * 1024);
            assertThat(Integer.bitCount(rows)).isEqualTo(1);
            assertThat(2L * rows * bytesPerRow + 24).as("the next power of two would not fit").isGreaterThanOrEqualTo(
                    VectorRows.MAX_BLOCK_BYTES - VectorRows.BLOCK_HEADROOM);
        }
        assertThat(VectorRows.rowsPerBlock(768 * 4)).isEqualTo(128);
        assertThat(VectorRows.rowsPerBlock(3072 * 4)).isEqualTo(32);
        // a row larger than the limit gets a block of its own
        assertThat(VectorRows.rowsPerBlock(1 << 20)).isEqualTo(1);
    }

    @Test
    void aRowReadInPlaceIsTheRowEvenAfterRowsMove() {
        VectorRows floats = rows(VectorEncoding.FLOAT32, 0, 768);
        SplittableRandom random = new SplittableRandom(9);
        List<float[]> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float[] vector = TestVectors.unit(random, 768);
            written.add(vector);
            floats.append(vector);
        }
        floats.removeBySwap(5);

        assertThat(java.util.Arrays.copyOfRange(floats.floatArray(5), floats.floatOffset(5), floats.floatOffset(5) + 768))
                .containsExactly(written.get(299));
        assertThat(java.util.Arrays.copyOfRange(floats.floatArray(200), floats.floatOffset(200),
                floats.floatOffset(200) + 768)).containsExactly(written.get(200));
        assertThatThrownBy(() -> rows(VectorEncoding.INT8, 0, 768).floatArray(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void int8ScratchFileIsNeverVisibleInItsDirectory() throws IOException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "DELETE_ON_CLOSE unlinks at open on Linux; other systems delete the file on close");
        VectorRows rows = rows(VectorEncoding.INT8, 0, DIMENSIONS);
        rows.append(TestVectors.unit(new SplittableRandom(9), DIMENSIONS));

        try (Stream<Path> files = Files.list(scratch)) {
            assertThat(files).isEmpty();
        }
        assertThat(rows.offHeapBytes()).isPositive();
    }

    @Test
    void rejectsAShortlistThatIsNotShorterThanTheVectors() {
        VectorProperties settings = VectorProperties.defaults().withLayout(VectorEncoding.FLOAT32, 768);

        assertThatThrownBy(() -> VectorRows.create(768, settings))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shortlist-dimensions");
    }

    @Test
    void rejectsVectorsAndQueriesOfTheWrongLength() {
        VectorRows rows = rows(VectorEncoding.FLOAT32, 0, DIMENSIONS);
        rows.append(new float[DIMENSIONS]);

        assertThatThrownBy(() -> rows.append(new float[DIMENSIONS + 1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rows.scan(new float[DIMENSIONS - 1], new float[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rows.scan(new float[DIMENSIONS], new float[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rows.removeBySwap(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Mean recall@10 of approximate scan + exact re-rank against an exact scan, over 100 queries. */
    private double recallAt10(VectorEncoding encoding, int shortlist, int dimensions, int oversample) {
        SplittableRandom random = new SplittableRandom(10);
        float[][] data = TestVectors.clustered(random, 20_000, dimensions, 200);
        VectorRows exact = rows(VectorEncoding.FLOAT32, 0, dimensions);
        VectorRows approximate = rows(encoding, shortlist, dimensions);
        for (float[] vector : data) {
            exact.append(vector);
            approximate.append(vector);
        }
        Reranker truth = new Reranker(exact, 1);
        Reranker reranker = new Reranker(approximate, oversample);
        int found = 0;
        int queries = 100;
        float[] exactScores = new float[data.length];
        float[] scanScores = new float[data.length];
        for (int q = 0; q < queries; q++) {
            float[] query = TestVectors.near(random, data[random.nextInt(data.length)]);
            exact.scan(query, exactScores);
            approximate.scan(query, scanScores);
            Set<Integer> expected = new HashSet<>();
            for (int row : truth.top(query, exactScores, 10, null).rows()) {
                expected.add(row);
            }
            for (int row : reranker.top(query, scanScores, 10, null).rows()) {
                if (expected.contains(row)) {
                    found++;
                }
            }
        }
        return found / (10.0 * queries);
    }
}
