package dev.geminisearch.store.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed filter: a tree of comparisons, memberships and boolean connectives, independent of any
 * store. Build one with {@link FilterParser#parse} or directly; every record checks its values, so
 * a tree that exists is valid. Values are canonical: numbers are {@link java.math.BigDecimal},
 * {@code createdAt} values {@link java.time.Instant}, modalities lower-case wire names.
 *
 * <h2>Semantics</h2>
 * Every comparison is two-valued (never unknown), so {@code not} is plain negation.
 * <table>
 * <caption>What each atom means</caption>
 * <tr><th>Field</th><th>Operators</th><th>True when</th></tr>
 * <tr><td>metadata key, number literal</td><td>{@code == < <= > >=}</td><td>the value is a number
 * and compares so by exact decimal value ({@code 2020 == 2020.0})</td></tr>
 * <tr><td>metadata key, string literal</td><td>{@code == < <= > >=}</td><td>the value is a string
 * and compares so in Unicode code-point order (SQL {@code COLLATE "C"})</td></tr>
 * <tr><td>metadata key, boolean literal</td><td>{@code ==}</td><td>the value is that boolean;
 * {@code < <= > >=} on a boolean literal are always false</td></tr>
 * <tr><td>metadata key, any literal</td><td>{@code == < <= > >=}</td><td>never when the key is
 * missing or holds another type ({@code '2020' == 2020} is false)</td></tr>
 * <tr><td>{@code modality}, {@code mimeType}</td><td>{@code ==}</td><td>any part has that value;
 * ordering is rejected when parsed</td></tr>
 * <tr><td>{@code id}</td><td>{@code == < <= > >=}</td><td>the id compares so, in code-point
 * order; only string literals</td></tr>
 * <tr><td>{@code createdAt}</td><td>{@code == < <= > >=}</td><td>the item's instant compares so,
 * to the nanosecond, with an ISO-8601 literal ({@code '2026-01-01T00:00:00Z'}, any offset, or a
 * date {@code '2026-01-01'} meaning midnight UTC)</td></tr>
 * <tr><td>any</td><td>{@code !=}</td><td>exactly {@code not (field == value)}: a missing key or
 * another type satisfies it; {@code modality != 'image'} means no part is an image</td></tr>
 * <tr><td>any</td><td>{@code in [..]}</td><td>{@code ==} holds for at least one listed value
 * (types may be mixed)</td></tr>
 * <tr><td>any</td><td>{@code nin [..]}</td><td>exactly {@code not (field in [..])}</td></tr>
 * </table>
 */
public sealed interface FilterExpression
        permits FilterExpression.Comparison, FilterExpression.Membership, FilterExpression.And,
        FilterExpression.Or, FilterExpression.Not {

    /** How a comparison relates the field to its value. */
    enum Operator {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in filter text. */
        public String symbol() {
            return symbol;
        }

        /** Whether this is one of {@code < <= > >=}. */
        public boolean isOrdering() {
            return this == LT || this == LE || this == GT || this == GE;
        }
    }

    /**
     * {@code field op value}.
     *
     * @param field what to compare; not null
     * @param op    how; ordering operators are rejected on {@code modality} and {@code mimeType}
     * @param value a String, Number or Boolean (a String or Instant for {@code createdAt}, a
     *              String for the other built-ins); stored in canonical form
     */
    record Comparison(FilterField field, Operator op, Object value) implements FilterExpression {

        public Comparison {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            FilterValues.checkOperator(field, op);
            value = FilterValues.normalise(field, value);
        }
    }

    /**
     * {@code field in [values]}, or {@code field nin [values]} when negated.
     *
     * @param field   what to compare; not null
     * @param values  at least one value, each as for {@link Comparison}; types may be mixed
     * @param negated true for {@code nin}
     */
    record Membership(FilterField field, List<Object> values, boolean negated) implements FilterExpression {

        public Membership {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(values, "values");
            if (values.isEmpty()) {
                throw new IllegalArgumentException("an in list needs at least one value");
            }
            List<Object> canonical = new ArrayList<>(values.size());
            for (Object value : values) {
                canonical.add(FilterValues.normalise(field, value));
            }
            values = List.copyOf(canonical);
        }
    }

    /**
     * True when every operand is.
     *
     * @param operands at least two
     */
    record And(List<FilterExpression> operands) implements FilterExpression {

        public And {
            operands = checkOperands(operands, "and");
        }
    }

    /**
     * True when any operand is.
     *
     * @param operands at least two
     */
    record Or(List<FilterExpression> operands) implements FilterExpression {

        public Or {
            operands = checkOperands(operands, "or");
        }
    }

    /**
     * True when the operand is false.
     *
     * @param operand not null
     */
    record Not(FilterExpression operand) implements FilterExpression {

        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    private static List<FilterExpression> checkOperands(List<FilterExpression> operands, String name) {
        List<FilterExpression> copy = List.copyOf(operands);
        if (copy.size() < 2) {
            throw new IllegalArgumentException("'" + name + "' needs at least two operands");
        }
        return copy;
    }
}
