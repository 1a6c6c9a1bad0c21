package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Searches running while one writer adds and removes: every search sees a consistent graph (no
 * exception, only nodes that were added, never a node removed before the search began, scores
 * sorted), and once the writer is done everything it added is found.
 */
class HnswConcurrencyTests {

    private static final int DIMENSIONS = 32;

    @Test
    void searchesWhileOneWriterAddsAndRemovesSeeConsistentResults() throws Exception {
        SplittableRandom random = new SplittableRandom(21);
        HnswTestData.LowRank data = new HnswTestData.LowRank(8, DIMENSIONS, 22);
        int count = 6000;
        float[][] stored = new float[count][];
        HnswFloatVectors vectors = new HnswFloatVectors(DIMENSIONS);
        for (int node = 0; node < count; node++) {
            stored[node] = data.next(random);
            vectors.put(node, stored[node]); // all rows exist up front: the writer only adds them to the index
        }
        HnswIndex index = HnswIndex.create(vectors, HnswDotProduct.scalar(), new HnswIndex.Options(8, 40, 0.5, 1, 1L));
        for (int node = 0; node < 500; node++) {
            index.add(node);
        }
        // published by the writer after remove(node) returned: a search that starts later must not return it
        AtomicInteger removedBelow = new AtomicInteger(0);
        AtomicInteger addedBelow = new AtomicInteger(500);
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        int searchers = 3;
        CountDownLatch started = new CountDownLatch(searchers);
        ExecutorService pool = Executors.newFixedThreadPool(searchers);
        List<Future<Integer>> searches = new ArrayList<>();
        for (int s = 0; s < searchers; s++) {
            SplittableRandom own = random.split();
            searches.add(pool.submit(() -> {
                started.countDown();
                int done = 0;
                while (writing.get() || done < 100) {
                    int removedBefore = removedBelow.get();
                    float[] query = stored[own.nextInt(count)];
                    HnswResult result = index.search(query, 10, 30, null);
                    int addedAfter = addedBelow.get();
                    float previous = Float.POSITIVE_INFINITY;
                    for (HnswHit hit : result.hits()) {
                        // even nodes below removedBefore were removed before this search started
                        if (hit.node() >= addedAfter || hit.node() < removedBefore && hit.node() % 2 == 0) {
                            violations.add("node " + hit.node() + " returned; added below " + addedAfter
                                    + ", even nodes removed below " + removedBefore);
                        }
                        if (hit.score() > previous) {
                            violations.add("scores not sorted: " + result.hits());
                        }
                        previous = hit.score();
                    }
                    done++;
                }
                return done;
            }));
        }
        started.await();
        int nextToRemove = 0;
        for (int node = 500; node < count; node++) {
            addedBelow.set(node + 1); // before the add: a search may return the node from now on
            index.add(node);
            if (node % 2 == 1) { // after every second add, remove the next even node
                index.remove(nextToRemove);
                removedBelow.set(nextToRemove + 1);
                nextToRemove += 2;
            }
        }
        writing.set(false);
        int total = 0;
        for (Future<Integer> search : searches) {
            total += search.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(violations).isEmpty();
        assertThat(total).isGreaterThanOrEqualTo(300);
        for (int node = 1; node < count; node += 98) { // odd nodes: never removed
            assertThat(index.search(stored[node], 1, 40, null).hits().get(0).node()).as("node %d", node).isEqualTo(node);
        }
        for (int node = 0; node < removedBelow.get(); node += 2) {
            assertThat(index.contains(node)).isFalse();
        }
        assertThat(index.size()).isEqualTo(count - removedBelow.get() / 2 - 1);
    }
}
