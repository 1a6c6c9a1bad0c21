package dev.geminisearch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an item keeps its metadata: as an unmodifiable, ordered map, whatever its size. */
class CompactMetadataTests {

    @Test
    void keepsTheEntriesInTheirOrderAndEqualsAnyMapOfThem() {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("zeta", "last letter");
        given.put("alpha", 1L);
        given.put("mid", true);

        Map<String, Object> kept = item(given).metadata();

        assertThat(kept.keySet()).containsExactly("zeta", "alpha", "mid");
        assertThat(kept.values()).containsExactly("last letter", 1L, true);
        assertThat(kept).isEqualTo(given).hasSameHashCodeAs(given);
        assertThat(kept.get("alpha")).isEqualTo(1L);
        assertThat(kept.get("absent")).isNull();
        assertThat(kept.containsKey("mid")).isTrue();
        assertThat(kept).hasToString(given.toString());
    }

    @Test
    void cannotBeChangedThroughTheItemNorThroughTheMapItWasMadeFrom() {
        Map<String, Object> given = new LinkedHashMap<>(Map.of("k", "v"));
        Map<String, Object> kept = item(given).metadata();
        given.put("k", "changed");

        assertThat(kept).containsExactly(Map.entry("k", "v"));
        assertThatThrownBy(() -> kept.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> kept.remove("k")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(kept::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> kept.entrySet().iterator().next().setValue("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void copiesOfAnItemShareOneMetadataInstance() {
        StoredItem item = item(Map.of("a", 1L, "b", "two"));

        assertThat(item.withVector(new float[] {0, 1}).metadata()).isSameAs(item.metadata());
    }

    @Test
    void aLargeMapStaysOrderedAndUnmodifiable() {
        Map<String, Object> given = new LinkedHashMap<>();
        for (int i = CompactMetadata.MAX_LINEAR + 5; i > 0; i--) {
            given.put("key-" + i, (long) i);
        }

        Map<String, Object> kept = item(given).metadata();

        assertThat(kept.keySet()).containsExactlyElementsOf(given.keySet());
        assertThat(kept).isEqualTo(given);
        assertThatThrownBy(() -> kept.put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static StoredItem item(Map<String, Object> metadata) {
        return new StoredItem("id", null, metadata, List.of(StoredPart.text("text")), Instant.EPOCH, new float[] {1, 0});
    }
}
