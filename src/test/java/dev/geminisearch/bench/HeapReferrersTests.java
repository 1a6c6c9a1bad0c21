package dev.geminisearch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap-dump referrer tool, on a dump of this test's own JVM with arrays held in known places. */
class HeapReferrersTests {

    /** Holds a large array in a field of an object in a list, as the service's segments are held. */
    record Parcel(String label, byte[] payload) {
    }

    static final List<Parcel> SHELF = new ArrayList<>();

    @Test
    void namesTheChainOfFieldsFromEachLargeArrayToItsRoot(@TempDir Path dir) throws Exception {
        SHELF.add(new Parcel("big", new byte[23_000_000]));
        char[] local = new char[13_000_000]; // ~26 MB, held by this method's frame only
        try {
            Path dump = dir.resolve("test.hprof");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);

            String report = HeapReferrers.report(dump, 20_000_000);

            assertThat(report).contains("21.9 MiB byte[]\n    <- dev.geminisearch.bench.HeapReferrersTests$Parcel (HeapReferrersTests$Parcel.payload)\n"
                    + "    <- java.lang.Object[][0]\n    <- java.util.ArrayList (ArrayList.elementData)\n"
                    + "    <- static dev.geminisearch.bench.HeapReferrersTests.SHELF\n");
            assertThat(report).contains("24.8 MiB char[]\n    <- ROOT: local variable in dev.geminisearch.bench.HeapReferrersTests."
                    + "namesTheChainOfFieldsFromEachLargeArrayToItsRoot");
            assertThat(report).doesNotContain("byte[]\n    <- (no referrer found)");
            assertThat(local).hasSize(13_000_000);
        } finally {
            SHELF.clear();
        }
    }

    @Test
    void leavesOutArraysUnderTheSize(@TempDir Path dir) throws Exception {
        SHELF.add(new Parcel("small", new byte[3_000_000]));
        try {
            Path dump = dir.resolve("test.hprof");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), true);

            String report = HeapReferrers.report(dump, 20_000_000);

            assertThat(report).doesNotContain("HeapReferrersTests$Parcel");
            assertThat(report).containsPattern("\\d+ arrays of >= 20000000 bytes");
        } finally {
            SHELF.clear();
        }
    }
}
