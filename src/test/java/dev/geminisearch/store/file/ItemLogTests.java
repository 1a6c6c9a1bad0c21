package dev.geminisearch.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's replay, which reads through a buffer far smaller than a large log. */
class ItemLogTests {

    @TempDir
    Path directory;

    @Test
    void replaysEveryRecordInOrderAcrossManyBufferRefillsAndRecordsLargerThanTheBuffer() throws IOException {
        Path file = directory.resolve("items.log");
        SplittableRandom random = new SplittableRandom(11);
        List<byte[]> written = new ArrayList<>();
        try (ItemLog log = ItemLog.open(file, (offset, frameBytes, payload) -> { })) {
            for (int i = 0; i < 1500; i++) {
                // mostly small records straddling the buffer's edges, now and then one larger than the buffer
                byte[] payload = new byte[i % 500 == 499 ? (1 << 20) + 1000 + i : 1 + random.nextInt(3000)];
                random.nextBytes(payload);
                written.add(payload);
                log.append(payload);
            }
        }
        assertThat(Files.size(file)).isGreaterThan(4L << 20);

        List<byte[]> replayed = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        try (ItemLog log = ItemLog.open(file, (offset, frameBytes, payload) -> {
            offsets.add(offset);
            replayed.add(payload);
        })) {
            assertThat(log.size()).isEqualTo(Files.size(file));
        }

        assertThat(replayed).hasSameSizeAs(written);
        for (int i = 0; i < written.size(); i++) {
            assertThat(replayed.get(i)).as("record %d", i).isEqualTo(written.get(i));
        }
        assertThat(offsets.get(1)).isEqualTo(8L + written.get(0).length);
    }
}
