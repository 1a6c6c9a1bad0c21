package dev.geminisearch.search;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.ItemFilter;
import dev.geminisearch.store.filter.FilterExpression;
import dev.geminisearch.store.filter.FilterParser;
import dev.geminisearch.store.filter.FilterSyntaxException;
import java.util.Map;

/**
 * Turns what a client wrote as a filter (a modality, metadata equality, an expression string) into
 * one {@link ItemFilter}, rejecting what no store could evaluate before anything runs.
 */
public final class SearchFilters {

    private SearchFilters() {
    }

    /**
     * @param modality   only items with this modality, or null
     * @param metadata   required metadata values (scalars), or null
     * @param expression a filter expression such as {@code genre == 'jazz' && year >= 2020}, or null
     * @param field      how the client named the filter, for error messages
     * @throws InvalidSearchException for a non-scalar metadata value or an expression that does not parse
     */
    public static ItemFilter compile(Modality modality, Map<String, Object> metadata, String expression, String field) {
        if (metadata != null) {
            for (Map.Entry<String, Object> required : metadata.entrySet()) {
                Object value = required.getValue();
                if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                    throw new InvalidSearchException(field + ".metadata." + required.getKey(),
                            "metadata filter values must be strings, numbers or booleans");
                }
            }
        }
        FilterExpression parsed = null;
        if (expression != null && !expression.isBlank()) {
            try {
                parsed = FilterParser.parse(expression);
            } catch (FilterSyntaxException e) {
                throw new InvalidSearchException(field, e.getMessage());
            }
        }
        return new ItemFilter(modality, metadata, parsed);
    }
}
