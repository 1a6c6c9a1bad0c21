package dev.geminisearch.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.VectorStoreContractTests;
import dev.geminisearch.store.vector.HnswProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole store contract for a file store with an HNSW graph from 50 vectors on, and how the graph
 * survives restarts: saved at close, loaded (not rebuilt) at open with only newer log records
 * replayed into it, rebuilt when its file is unusable.
 */
class FileVectorStoreHnswTests extends VectorStoreContractTests {

    private static final FileVectorStore.Options OPTIONS = FileVectorStore.Options.DEFAULTS
            .withHnsw(new HnswProperties(true, 50, 4, 100, 10, 0.1, 1000, 0.1, 1));

    @TempDir
    Path directory;

    @Override
    protected VectorStore createStore(StoreFingerprint fingerprint) {
        return FileVectorStore.open(directory, fingerprint, OPTIONS);
    }

    @Override
    protected VectorStore reopen(VectorStore current) {
        current.close();
        return FileVectorStore.open(directory, FINGERPRINT, OPTIONS);
    }

    private FileVectorStore file() {
        return (FileVectorStore) store;
    }

    private Map<String, float[]> writeItems(int from, int to, Map<String, float[]> into) {
        for (int i = from; i < to; i++) {
            float[] vector = randomVector();
            into.put("item-" + i, vector);
            store.upsert(textItem("item-" + i, vector), Map.of());
        }
        return into;
    }

    private void assertEveryVectorFindsItsItemThroughTheGraph(Map<String, float[]> vectors) {
        long before = file().index().graphSearches();
        for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
            assertThat(store.search(entry.getValue(), 1, -1, ItemFilter.NONE))
                    .extracting(hit -> hit.item().id()).containsExactly(entry.getKey());
        }
        // a walk that reaches the policy's visit limit falls back to the exact scan
        assertThat(file().index().graphSearches() - before).isGreaterThanOrEqualTo(vectors.size() * 9L / 10);
    }

    /**
     * Not run here: it demands the exact ranking for every query, and a graph search is approximate
     * by design (the exact-scan subclasses run it; the graph's recall is measured by
     * HnswIndexTests and bench/hnsw.sh).
     */
    @Override
    @org.junit.jupiter.api.Disabled("HNSW is approximate; the exact ranking is checked by the exact-scan store tests")
    @Test
    protected void searchAgreesWithABruteForceRankingOfBestSegmentsUnderEveryTopKMinScoreAndFilter() {
    }

    @Test
    void reopeningLoadsTheGraphSavedAtCloseInsteadOfBuildingIt() {
        Map<String, float[]> vectors = writeItems(0, 300, new HashMap<>());
        store.delete("item-7");
        vectors.remove("item-7");
        assertThat(file().index().graphBuilds()).isEqualTo(1);

        store = reopen(store);

        assertThat(Files.exists(directory.resolve(FileVectorStore.GRAPH_FILE_NAME))).isTrue();
        assertThat(file().index().graphLoaded()).isTrue();
        assertThat(file().index().graphBuilds()).isZero();
        assertEveryVectorFindsItsItemThroughTheGraph(vectors);
    }

    @Test
    void aGraphSavedBeforeLaterWritesIsLoadedAndThoseWritesAreReplayedIntoIt() throws IOException {
        Map<String, float[]> vectors = writeItems(0, 200, new HashMap<>());
        store = reopen(store);
        Path saved = Files.createDirectory(directory.resolve("saved-graph"));
        Files.copy(directory.resolve(FileVectorStore.GRAPH_FILE_NAME), saved.resolve("graph"));
        Files.copy(directory.resolve(FileVectorStore.GRAPH_NODES_FILE_NAME), saved.resolve("nodes"));
        writeItems(200, 260, vectors);
        store.delete("item-3");
        vectors.remove("item-3");
        writeItems(10, 20, vectors); // replacements
        store.close();
        // as after a crash: the graph on disk is older than the log
        Files.copy(saved.resolve("graph"), directory.resolve(FileVectorStore.GRAPH_FILE_NAME),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(saved.resolve("nodes"), directory.resolve(FileVectorStore.GRAPH_NODES_FILE_NAME),
                StandardCopyOption.REPLACE_EXISTING);

        store = FileVectorStore.open(directory, FINGERPRINT, OPTIONS);

        assertThat(file().index().graphLoaded()).isTrue();
        assertThat(file().index().graphBuilds()).isZero();
        assertThat(store.count()).isEqualTo(vectors.size());
        assertEveryVectorFindsItsItemThroughTheGraph(vectors);
    }

    @Test
    void aCorruptGraphFileIsRebuiltFromTheLog() throws IOException {
        Map<String, float[]> vectors = writeItems(0, 300, new HashMap<>());
        store.close();
        Path graph = directory.resolve(FileVectorStore.GRAPH_FILE_NAME);
        byte[] bytes = Files.readAllBytes(graph);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(graph, bytes);

        store = FileVectorStore.open(directory, FINGERPRINT, OPTIONS);

        assertThat(file().index().graphLoaded()).isFalse();
        assertThat(file().index().graphBuilds()).isEqualTo(1);
        assertEveryVectorFindsItsItemThroughTheGraph(vectors);
    }

    @Test
    void compactionDropsTheSavedGraphSoThatItIsNeverReadAgainstTheRewrittenLog() {
        writeItems(0, 100, new HashMap<>());
        store = reopen(store);
        assertThat(Files.exists(directory.resolve(FileVectorStore.GRAPH_FILE_NAME))).isTrue();

        file().compact();

        assertThat(Files.exists(directory.resolve(FileVectorStore.GRAPH_FILE_NAME))).isFalse();
        assertThat(Files.exists(directory.resolve(FileVectorStore.GRAPH_NODES_FILE_NAME))).isFalse();
    }
}
