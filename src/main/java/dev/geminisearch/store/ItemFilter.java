package dev.geminisearch.store;

import dev.geminisearch.media.Modality;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Which items a search or listing may return: optionally one modality (an item matches when any
 * of its parts has it) and metadata equality on every given key. Numbers compare by value
 * ({@code 2020} equals {@code 2020.0}).
 *
 * @param modality null for any
 * @param metadata required key/value pairs; empty for any
 */
public record ItemFilter(Modality modality, Map<String, Object> metadata) {

    /** Matches every item. */
    public static final ItemFilter NONE = new ItemFilter(null, Map.of());

    public ItemFilter {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public boolean isEmpty() {
        return modality == null && metadata.isEmpty();
    }

    /** Whether the item passes this filter. Thread-safe; allocation-free for the empty filter. */
    public boolean matches(StoredItem item) {
        return matches(item.modalities(), item.metadata());
    }

    /**
     * Whether an item with these modalities and metadata passes; lets an index keep precomputed
     * modality sets instead of deriving them per candidate.
     */
    boolean matches(Set<Modality> itemModalities, Map<String, Object> itemMetadata) {
        if (modality != null && !itemModalities.contains(modality)) {
            return false;
        }
        for (Map.Entry<String, Object> required : metadata.entrySet()) {
            if (!sameValue(required.getValue(), itemMetadata.get(required.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean sameValue(Object wanted, Object actual) {
        if (wanted == null || actual == null) {
            return wanted == actual;
        }
        if (wanted instanceof Number w && actual instanceof Number a) {
            if (!isFinite(w) || !isFinite(a)) {
                // BigDecimal cannot represent NaN or infinity; compare those as doubles instead
                return w.doubleValue() == a.doubleValue();
            }
            return new BigDecimal(w.toString()).compareTo(new BigDecimal(a.toString())) == 0;
        }
        return wanted.equals(actual);
    }

    private static boolean isFinite(Number number) {
        return !(number instanceof Double || number instanceof Float) || Double.isFinite(number.doubleValue());
    }
}
