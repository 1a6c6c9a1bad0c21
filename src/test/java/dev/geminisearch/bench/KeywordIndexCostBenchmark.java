package dev.geminisearch.bench;

import static dev.geminisearch.bench.BenchOutput.*;

import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.StoredItems;
import dev.geminisearch.store.StoredPart;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * What the local stores' in-memory keyword index costs at start-up, apart from everything else: a
 * replica of {@code KeywordIndex.put} (package-private in {@code store}; same analyzer, directory,
 * fields and {@code updateDocument} by id) fed the items {@link StoreGenerator} writes, N of them, in
 * one thread, as a store open does. Reports the wall and CPU time and the heap the index holds after
 * full GCs. A replica, not the store's class: if {@code KeywordIndex} changes, this must follow.
 *
 * <pre>
 * java -Xmx4g -cp ... dev.geminisearch.bench.KeywordIndexCostBenchmark [count=1000000] [update|add]
 * </pre>
 *
 * <p>{@code update} (the default) is what {@code KeywordIndex.put} does: {@code updateDocument} by id, a
 * buffered delete of any earlier entry for every item. {@code add} uses {@code addDocument} instead, which
 * is equivalent while every id is new (a replay of a log without replaced items): it shows what the
 * deletes cost.
 */
public final class KeywordIndexCostBenchmark {

    private static final String[] TOPICS = {"puppy", "beach", "mountain", "invoice", "concert", "recipe", "garden",
            "bicycle", "harbour", "library"};

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        boolean update = args.length < 2 || args[1].equals("update");
        line("KeywordIndexCostBenchmark: %d items, %s, java %s, %s", count, update ? "updateDocument" : "addDocument",
                System.getProperty("java.version"), ManagementFactory.getRuntimeMXBean().getInputArguments());
        long before = usedHeapAfterGc();
        Instant createdAt = Instant.parse("2025-01-01T00:00:00Z");
        float[] noVector = new float[0];
        StandardAnalyzer analyzer = new StandardAnalyzer();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        long cpu0 = cpuNanos();
        long process0 = processCpuNanos();
        long t0 = System.nanoTime();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE));
             SearcherManager searchers = new SearcherManager(writer, null)) {
            for (int i = 0; i < count; i++) {
                StoredItem item = new StoredItem("item-" + i, null, Map.of("n", i, "group", "g" + (i % 10)),
                        List.of(StoredPart.text("item " + i + " " + TOPICS[i % TOPICS.length])), createdAt, noVector);
                Document document = new Document();
                document.add(new StringField("id", item.id(), Field.Store.YES));
                document.add(new SortedDocValuesField("id", new BytesRef(item.id())));
                document.add(new StoredField("generation", (long) i + 1));
                document.add(new TextField("text", StoredItems.searchText(item), Field.Store.NO));
                if (update) {
                    writer.updateDocument(new Term("id", item.id()), document);
                } else {
                    writer.addDocument(document);
                }
            }
            long nanos = System.nanoTime() - t0;
            long cpu = cpuNanos() - cpu0;
            long process = processCpuNanos() - process0;
            long after = usedHeapAfterGc();
            line("indexed %d items in %.1f s wall, %.1f s CPU of this thread (%.1f us per item), %.1f s CPU of the process"
                            + " (merges, GC, JIT); heap held %s = %.0f B per item", count, secs(nanos), secs(cpu),
                    cpu / 1e3 / count, secs(process), mib(after - before), (after - before) / (double) count);
            System.out.println("RESULT keyword_index_process_cpu_s=" + fmt1(secs(process)));
            System.out.println("RESULT keyword_index_s=" + fmt1(secs(nanos)));
            System.out.println("RESULT keyword_index_cpu_s=" + fmt1(secs(cpu)));
            System.out.println("RESULT keyword_index_bytes_per_item=" + fmt0((after - before) / (double) count));
            writer.rollback();
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

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
