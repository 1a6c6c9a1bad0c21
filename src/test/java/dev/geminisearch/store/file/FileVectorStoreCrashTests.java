package dev.geminisearch.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.geminisearch.store.StoredItem;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing child JVM with SIGKILL and checks that every acknowledged write is there. */
class FileVectorStoreCrashTests {

    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedUpsertSurvivesKillDashNine() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), directory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<String, Integer> lastAcked = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int acks = 0;
            String line;
            while (acks < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                if (!line.startsWith("acked ")) {
                    continue; // the child's log output shares stdout
                }
                int number = Integer.parseInt(line.substring("acked ".length()));
                lastAcked.put(CrashingWriter.item(number).id(), number);
                acks++;
            }
            assertThat(acks).as("acknowledged writes before the kill").isEqualTo(ACKS_BEFORE_KILL);
        } finally {
            // Process.destroyForcibly is SIGKILL on Unix: no shutdown hooks, no close()
            child.destroyForcibly();
            assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }

        try (FileVectorStore store = FileVectorStore.open(directory, CrashingWriter.FINGERPRINT)) {
            for (Map.Entry<String, Integer> acked : lastAcked.entrySet()) {
                StoredItem found = store.find(acked.getKey()).orElseThrow();
                // the write in flight at the kill may also have landed, but never an older version
                long version = (Long) found.metadata().get("n");
                assertThat(version).isGreaterThanOrEqualTo(acked.getValue());
                assertThat(found).isEqualTo(CrashingWriter.item((int) version));
            }
        }
    }
}
