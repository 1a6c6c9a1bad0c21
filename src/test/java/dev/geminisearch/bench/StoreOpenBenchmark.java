package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import dev.geminisearch.store.StoreFingerprint;
import dev.geminisearch.store.file.FileVectorStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file store's open (log replay into memory) on its own, in a fresh JVM: wall time against
 * reading the store's files sequentially (the page cache is warm for both; the raw read runs first),
 * and the heap the open store holds (used heap after full GCs, store open minus before opening) per
 * item against the raw vector's {@code 4 x d} bytes. Run it under JFR to see where the open's time
 * goes ({@link JfrProfile}). Not a test; {@code bench/startup.sh} runs it.
 *
 * <pre>
 * java -Xmx8g -cp ... dev.geminisearch.bench.StoreOpenBenchmark STORE_DIR DIMENSIONS
 * </pre>
 */
public final class StoreOpenBenchmark {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int dimensions = Integer.parseInt(args[1]);
        line("StoreOpenBenchmark: %s, %d dimensions, java %s, max heap %d MiB, %s", dir, dimensions,
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        long before = usedHeapAfterGc();
        long readStart = System.nanoTime();
        long bytes = readAll(dir);
        long readNanos = System.nanoTime() - readStart;
        line("raw read of the store's files: %s in %.0f ms (%.2f GiB/s)", mib(bytes), ms(readNanos),
                bytes / (double) (1L << 30) / secs(readNanos));
        long gcBefore = gcMillis();
        long gcCountBefore = gcCount();
        long jitBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long cpuBefore = processCpuNanos();
        long openStart = System.nanoTime();
        try (FileVectorStore store = FileVectorStore.open(dir, new StoreFingerprint("gemini-embedding-2", dimensions))) {
            long openNanos = System.nanoTime() - openStart;
            long cpu = processCpuNanos() - cpuBefore;
            long count = store.count();
            line("FileVectorStore.open: %d items in %.0f ms (%.0f items/s), %.2fx the raw read; during it: process CPU %.0f ms"
                            + " (all threads), %d GCs taking %d ms, JIT compiling %d ms (compiler threads)", count, ms(openNanos),
                    count / secs(openNanos), openNanos / (double) readNanos, ms(cpu), gcCount() - gcCountBefore,
                    gcMillis() - gcBefore, ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore);
            long after = usedHeapAfterGc();
            double perItem = (after - before) / (double) count;
            line("heap held by the open store: %s = %.0f B per item; raw vector %d B (%.2fx); beyond the vector %.0f B per item",
                    mib(after - before), perItem, dimensions * 4, perItem / (dimensions * 4.0), perItem - dimensions * 4.0);
            System.out.println("RESULT open_ms=" + fmt0(ms(openNanos)));
            System.out.println("RESULT raw_read_ms=" + fmt0(ms(readNanos)));
            System.out.println("RESULT items=" + count);
            System.out.println("RESULT heap_per_item=" + fmt0(perItem));
        }
    }

    private static long gcMillis() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long gcCount() {
        long total = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Bytes of every regular file under the directory, read sequentially through a 16 MiB buffer. */
    private static long readAll(Path dir) throws IOException {
        long total = 0;
        ByteBuffer buffer = ByteBuffer.allocateDirect(16 << 20);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                int read;
                while ((read = channel.read(buffer)) >= 0) {
                    total += read;
                    buffer.clear();
                }
            }
        }
        return total;
    }

    /** The smallest of three readings of used heap, each after a full GC. */
    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }
}
