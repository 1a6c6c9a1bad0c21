package dev.geminisearch.config;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.VectorStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Gauges of what the store holds, read from it on every scrape: {@code items.stored} by
 * {@code modality} (an item with an image and a caption counts under both, so the modalities do not
 * sum to the total), {@code store.items} (all items), {@code store.storage.bytes} (on disk, for
 * stores that keep something there) and {@code store.vector.memory.bytes} (vectors held in this
 * process, for the local stores). Each scrape costs one count per modality: a pass over the items
 * of a local store, a {@code count(*)} in pgvector. A store that cannot answer (database down)
 * shows NaN; Micrometer logs why.
 */
final class StoreMetrics implements MeterBinder {

    private final VectorStore store;

    StoreMetrics(VectorStore store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        for (Modality modality : Modality.values()) {
            ItemFilter filter = new ItemFilter(modality, Map.of());
            Gauge.builder("items.stored", store, s -> s.count(filter))
                    .description("Items with at least one part of this modality")
                    .tag("modality", modality.wireName()).register(meters);
        }
        Gauge.builder("store.items", store, VectorStore::count).description("Items in the store").register(meters);
        // Registered only for stores that can tell, so that the memory store shows no series rather than NaN.
        if (store.storageBytes().isPresent()) {
            Gauge.builder("store.storage.bytes", store, s -> orNaN(s.storageBytes())).baseUnit("bytes")
                    .description("Bytes the store occupies on disk").register(meters);
        }
        if (store.vectorMemoryBytes().isPresent()) {
            Gauge.builder("store.vector.memory.bytes", store, s -> orNaN(s.vectorMemoryBytes())).baseUnit("bytes")
                    .description("Bytes of the stored vectors held in this process's memory").register(meters);
        }
    }

    private static double orNaN(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : Double.NaN;
    }
}
