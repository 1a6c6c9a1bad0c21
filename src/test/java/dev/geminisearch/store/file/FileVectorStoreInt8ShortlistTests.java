package dev.geminisearch.store.file;

import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.VectorStore;
import dev.geminisearch.store.VectorStoreContractTests;
import dev.geminisearch.store.vector.VectorEncoding;
import dev.geminisearch.store.vector.VectorProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole store contract, durability across restarts included, for a file store whose rows are
 * int8 codes of a 4-of-8 dimension prefix (oversample 100, see
 * {@code InMemoryVectorStoreInt8ShortlistTests}): the log keeps full precision, and a
 * reopened store re-encodes what it replays.
 */
class FileVectorStoreInt8ShortlistTests extends VectorStoreContractTests {

    private static final FileVectorStore.Options OPTIONS = FileVectorStore.Options.DEFAULTS
            .withVectors(new VectorProperties(VectorEncoding.INT8, DIMENSIONS / 2, 100, true, 16, 1, null));

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
}
