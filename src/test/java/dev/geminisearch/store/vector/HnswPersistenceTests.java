package dev.geminisearch.store.vector;

import static dev.geminisearch.store.vector.HnswTestData.randomUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HnswIndex#save} and {@link HnswIndex#load}: round trip, atomicity, and rejection of bad files. */
class HnswPersistenceTests {

    private static final int DIMENSIONS = 48;
    private static final HnswIndex.Options OPTIONS = new HnswIndex.Options(12, 60, 1.0, 1, 42L);

    @TempDir
    Path directory;

    private HnswFloatVectors vectors;
    private HnswIndex index;
    private final List<float[]> queries = new ArrayList<>();

    @BeforeEach
    void buildAnIndexWithRemovedNodes() {
        SplittableRandom random = new SplittableRandom(11);
        HnswTestData.LowRank data = new HnswTestData.LowRank(8, DIMENSIONS, 12);
        vectors = new HnswFloatVectors(DIMENSIONS);
        int count = 3000;
        int[] nodes = new int[count];
        for (int i = 0; i < count; i++) {
            nodes[i] = i * 2 + 1;
            vectors.put(nodes[i], data.next(random));
        }
        index = HnswIndex.build(vectors, HnswDotProduct.scalar(), OPTIONS, nodes);
        for (int i = 0; i < count; i += 10) {
            index.remove(nodes[i]);
            vectors.put(nodes[i], randomUnit(random, DIMENSIONS)); // the row is reused: only the index's copy is right
        }
        for (int q = 0; q < 100; q++) {
            queries.add(data.next(random));
        }
    }

    private HnswIndex.Loaded load(Path file) throws IOException {
        return HnswIndex.load(file, vectors, HnswDotProduct.scalar(), OPTIONS);
    }

    @Test
    void aLoadedIndexGivesTheSameResultsAsTheSavedOne() throws IOException {
        Path file = directory.resolve("graph.hnsw");
        index.save(file, new HnswCheckpoint(7, 123_456));

        HnswIndex.Loaded loaded = load(file);

        assertThat(loaded.checkpoint()).isEqualTo(new HnswCheckpoint(7, 123_456));
        assertThat(loaded.index().size()).isEqualTo(index.size());
        assertThat(loaded.index().deletedCount()).isEqualTo(index.deletedCount());
        assertThat(loaded.index().options().m()).isEqualTo(12);
        for (float[] query : queries) {
            assertThat(loaded.index().search(query, 10, 50, null)).isEqualTo(index.search(query, 10, 50, null));
            assertThat(loaded.index().search(query, 5, 20, node -> node % 3 == 0))
                    .isEqualTo(index.search(query, 5, 20, node -> node % 3 == 0));
        }
    }

    @Test
    void aLoadedIndexTakesMoreWritesAndSavesAgain() throws IOException {
        Path file = directory.resolve("graph.hnsw");
        index.save(file, HnswCheckpoint.NONE);
        HnswIndex loaded = load(file).index();
        SplittableRandom random = new SplittableRandom(13);

        // like the data: a far outlier may lose all its incoming links to diversity pruning (as in
        // any HNSW) and then only an exact scan finds it
        float[] added = new HnswTestData.LowRank(8, DIMENSIONS, 12).next(random);
        vectors.put(100_000, added);
        loaded.add(100_000);
        loaded.remove(3);
        loaded.save(file, new HnswCheckpoint(0, 2));
        HnswIndex.Loaded again = load(file);

        assertThat(again.index().search(added, 1, 20, null).hits().get(0).node()).isEqualTo(100_000);
        assertThat(again.index().contains(3)).isFalse();
        assertThat(again.index().size()).isEqualTo(index.size());
        assertThat(again.checkpoint().position()).isEqualTo(2);
        assertThat(Files.exists(directory.resolve("graph.hnsw.tmp"))).isFalse();
    }

    @Test
    void anEmptyIndexRoundTrips() throws IOException {
        Path file = directory.resolve("empty.hnsw");
        HnswIndex.create(vectors, HnswDotProduct.scalar(), OPTIONS).save(file, HnswCheckpoint.NONE);

        HnswIndex loaded = load(file).index();

        assertThat(loaded.size()).isZero();
        assertThat(loaded.search(queries.get(0), 3, 10, null).hits()).isEmpty();
    }

    @Test
    void aFlippedByteAnywhereIsDetected() throws IOException {
        Path file = directory.resolve("graph.hnsw");
        index.save(file, HnswCheckpoint.NONE);
        long size = Files.size(file);

        for (long position : new long[] {3, 20, 64, 70, size / 3, size / 2, size - 40, size - 10}) {
            Path copy = directory.resolve("corrupt-" + position + ".hnsw");
            Files.copy(file, copy);
            flipByte(copy, position);

            assertThatThrownBy(() -> load(copy)).as("byte %d flipped", position)
                    .isInstanceOf(HnswUnusableFileException.class)
                    .hasMessageContaining("rebuild");
        }
    }

    @Test
    void aTruncatedFileIsDetected() throws IOException {
        Path file = directory.resolve("graph.hnsw");
        index.save(file, HnswCheckpoint.NONE);
        long size = Files.size(file);

        for (long length : new long[] {0, 10, 79, size / 2, size - 1}) {
            Path copy = directory.resolve("short-" + length + ".hnsw");
            Files.copy(file, copy);
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.truncate(length);
            }

            assertThatThrownBy(() -> load(copy)).as("cut to %d bytes", length).isInstanceOf(HnswUnusableFileException.class);
        }
    }

    @Test
    void aFileForOtherDimensionsIsRejected() throws IOException {
        Path file = directory.resolve("graph.hnsw");
        index.save(file, HnswCheckpoint.NONE);

        assertThatThrownBy(() -> HnswIndex.load(file, new HnswFloatVectors(DIMENSIONS + 1), HnswDotProduct.scalar(), OPTIONS))
                .isInstanceOf(HnswUnusableFileException.class)
                .hasMessageContaining("48 dimensions");
    }

    @Test
    void aMissingFileIsAnOrdinaryIoError() {
        assertThatThrownBy(() -> load(directory.resolve("absent.hnsw"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFailedSaveLeavesThePreviousFile() throws IOException {
        Path file = directory.resolve("graph.hnsw");
        index.save(file, new HnswCheckpoint(1, 1));
        Path blocked = directory.resolve("graph.hnsw.tmp");
        Files.createDirectory(blocked); // the temp file cannot be created

        assertThatThrownBy(() -> index.save(file, new HnswCheckpoint(2, 2))).isInstanceOf(IOException.class);

        assertThat(load(file).checkpoint()).isEqualTo(new HnswCheckpoint(1, 1));
    }

    @Test
    void aCheckpointIsUsableOnlyForTheSameHistoryAndNotAheadOfIt() {
        HnswCheckpoint saved = new HnswCheckpoint(5, 1000);

        assertThat(saved.isPrefixOf(5, 1000)).isTrue();
        assertThat(saved.isPrefixOf(5, 4000)).isTrue();
        assertThat(saved.isPrefixOf(5, 999)).isFalse();
        assertThat(saved.isPrefixOf(6, 4000)).isFalse();
        assertThatThrownBy(() -> new HnswCheckpoint(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, position);
            one.flip();
            byte flipped = (byte) (one.get(0) ^ 0x5a);
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {flipped}), position);
        }
    }
}
