package dev.geminisearch.store.file;

import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredPart;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Child process of the crash test: upserts item-0, item-1, ... forever, printing "acked N" after
 * each upsert returns, until the test kills it with SIGKILL.
 */
final class CrashingWriter {

    static final StoreFingerprint FINGERPRINT = new StoreFingerprint("crash-test", 16);

    public static void main(String[] args) {
        FileVectorStore store = FileVectorStore.open(Path.of(args[0]), FINGERPRINT,
                new FileVectorStore.Options(0));
        for (int i = 0; ; i++) {
            store.upsert(item(i), Map.of());
            System.out.println("acked " + i);
            System.out.flush();
        }
    }

    static StoredItem item(int number) {
        Random random = new Random(number);
        float[] vector = new float[FINGERPRINT.dimensions()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        // replacing earlier items too keeps compaction (threshold 0) running while the kill lands
        String id = "item-" + (number % 40);
        return new StoredItem(id, null, Map.of("n", (long) number), List.of(StoredPart.text("text " + number)),
                Instant.ofEpochSecond(number), vector);
    }
}
