package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The index's node-id map agrees with a HashMap through random puts and removes (which shift entries back). */
class HnswNodeOrdinalsTests {

    @Test
    void agreesWithAHashMapThroughRandomPutsAndRemoves() {
        SplittableRandom random = new SplittableRandom(31);
        HnswIndex.NodeOrdinals map = new HnswIndex.NodeOrdinals();
        Map<Integer, Integer> oracle = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // a small key range forces long probe runs and many removals inside them
            int node = random.nextInt(random.nextBoolean() ? 3000 : Integer.MAX_VALUE);
            if (random.nextInt(3) == 0) {
                map.remove(node);
                oracle.remove(node);
            } else {
                map.put(node, step);
                oracle.put(node, step);
            }
            if (step % 1000 == 0) {
                for (int probe = 0; probe < 3000; probe++) {
                    assertThat(map.get(probe)).isEqualTo(oracle.getOrDefault(probe, -1));
                }
            }
        }
        for (Map.Entry<Integer, Integer> entry : oracle.entrySet()) {
            assertThat(map.get(entry.getKey())).isEqualTo(entry.getValue());
        }
    }
}
