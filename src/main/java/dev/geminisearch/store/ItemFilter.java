package dev.geminisearch.store;

import dev.geminisearch.media.Modality;
import java.math.BigDecimal;
import java.util.Map;
import java.time.Instant;
import java.util.Collection;
import dev.geminisearch.store.filter.FilterEvaluator;
import dev.geminisearch.store.filter.FilterExpression;
import java.util.Set;

/**
 * Which items a search, listing, count or delete may touch: optionally one modality (an item
 * matches when any of its parts has it), metadata equality on every given key (numbers compare by
 * value, {@code 2020} equals {@code 2020.0}), and a filter expression; all must hold.
 *
 * @param modality   null for any
 * @param metadata   required key/value pairs; empty for any
 * @param expression a parsed filter expression (see {@link dev.geminisearch.store.filter.FilterParser}); null for none
 */
public record ItemFilter(Modality modality, Map<String, Object> metadata, FilterExpression expression) {

    /** Matches every item. */
    public static final ItemFilter NONE = new ItemFilter(null, Map.of(), null);

    public ItemFilter {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** A filter without an expression. */
    public ItemFilter(Modality modality, Map<String, Object> metadata) {
        this(modality, metadata, null);
    }

    public boolean isEmpty() {
        return modality == null && metadata.isEmpty() && expression == null;
    }

    /** Whether the item passes this filter. Thread-safe. */
    public boolean matches(StoredItem item) {
        return matches(item.id(), item.modalities(), item.mimeTypes(), item.createdAt(), item.metadata());
    }

    /**
     * Whether an item with these fields passes; lets an index keep precomputed modality sets
     * instead of deriving them per candidate.
     */
    boolean matches(String id, Set<Modality> itemModalities, Collection<String> mimeTypes, Instant createdAt,
                    Map<String, Object> itemMetadata) {
        if (modality != null && !itemModalities.contains(modality)) {
            return false;
        }
        if (expression != null && !FilterEvaluator.matches(expression, id, itemModalities, mimeTypes, createdAt, itemMetadata)) {
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
