package dev.geminisearch.store.filter;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.StoredItem;
import dev.geminisearch.store.filter.FilterExpression.Operator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether an item passes a filter, in memory, with exactly the semantics documented on
 * {@link FilterExpression} (and so the same answer as {@link SqlFilter} gives in PostgreSQL).
 * Stateless and thread-safe; recursion depth is bounded by the tree's nesting.
 */
public final class FilterEvaluator {

    private FilterEvaluator() {
    }

    /** Whether the item passes the filter. */
    public static boolean matches(FilterExpression filter, StoredItem item) {
        return matches(filter, item.id(), item.modalities(), item.mimeTypes(), item.createdAt(), item.metadata());
    }

    /**
     * Whether an item with these fields passes the filter; lets an index keep the fields it
     * precomputed instead of building a {@link StoredItem} per candidate.
     *
     * @param id         the item id; not null
     * @param modalities the modalities of its parts; not null
     * @param mimeTypes  the media types of its parts; not null
     * @param createdAt  when it was stored; not null
     * @param metadata   its metadata (String, Number, Boolean values); not null
     */
    public static boolean matches(FilterExpression filter, String id, Set<Modality> modalities,
            Collection<String> mimeTypes, Instant createdAt, Map<String, Object> metadata) {
        Objects.requireNonNull(filter, "filter");
        return new Item(Objects.requireNonNull(id, "id"), Objects.requireNonNull(modalities, "modalities"),
                Objects.requireNonNull(mimeTypes, "mimeTypes"), Objects.requireNonNull(createdAt, "createdAt"),
                Objects.requireNonNull(metadata, "metadata")).test(filter);
    }

    private record Item(String id, Set<Modality> modalities, Collection<String> mimeTypes, Instant createdAt,
                        Map<String, Object> metadata) {

        boolean test(FilterExpression filter) {
            if (filter instanceof FilterExpression.Comparison c) {
                return c.op() == Operator.NE ? !compare(c.field(), Operator.EQ, c.value()) : compare(c.field(), c.op(), c.value());
            }
            if (filter instanceof FilterExpression.Membership m) {
                return m.negated() != anyEqual(m);
            }
            if (filter instanceof FilterExpression.And and) {
                return all(and);
            }
            if (filter instanceof FilterExpression.Or or) {
                return any(or);
            }
            return !test(((FilterExpression.Not) filter).operand());
        }

        private boolean all(FilterExpression.And and) {
            for (FilterExpression operand : and.operands()) {
                if (!test(operand)) {
                    return false;
                }
            }
            return true;
        }

        private boolean any(FilterExpression.Or or) {
            for (FilterExpression operand : or.operands()) {
                if (test(operand)) {
                    return true;
                }
            }
            return false;
        }

        private boolean anyEqual(FilterExpression.Membership membership) {
            for (Object value : membership.values()) {
                if (compare(membership.field(), Operator.EQ, value)) {
                    return true;
                }
            }
            return false;
        }

        /** One two-valued atom; op is never NE. */
        private boolean compare(FilterField field, Operator op, Object value) {
            if (field instanceof FilterField.Metadata key) {
                return compareMetadata(metadata.get(key.key()), op, value);
            }
            return switch ((FilterField.BuiltIn) field) {
                case MODALITY -> hasModality((String) value);
                case MIME_TYPE -> mimeTypes.contains((String) value);
                case ID -> holds(op, FilterValues.compareStrings(id, (String) value));
                case CREATED_AT -> holds(op, createdAt.compareTo((Instant) value));
            };
        }

        private boolean hasModality(String wireName) {
            for (Modality modality : modalities) {
                if (modality.name().equalsIgnoreCase(wireName)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean compareMetadata(Object actual, Operator op, Object value) {
            if (value instanceof BigDecimal number) {
                BigDecimal decimal = FilterValues.numeric(actual);
                return decimal != null && holds(op, decimal.compareTo(number));
            }
            if (value instanceof String text) {
                return actual instanceof String string && holds(op, FilterValues.compareStrings(string, text));
            }
            // booleans have no order
            return op == Operator.EQ && value.equals(actual);
        }

        private static boolean holds(Operator op, int comparison) {
            return switch (op) {
                case EQ -> comparison == 0;
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case GE -> comparison >= 0;
                case NE -> comparison != 0;
            };
        }
    }
}
