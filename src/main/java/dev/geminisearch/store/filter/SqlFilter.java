package dev.geminisearch.store.filter;

import dev.geminisearch.store.filter.FilterExpression.Operator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Translates a filter into a PostgreSQL boolean expression over the {@code items} columns
 * {@code id}, {@code modalities}, {@code mime_types}, {@code created_at}, {@code created_at_nanos}
 * and {@code metadata}, with the semantics documented on {@link FilterExpression} (the same
 * answers as {@link FilterEvaluator}). Stateless and thread-safe.
 *
 * <p>Every literal and every metadata key is a named parameter ({@code :f0}, {@code :f1}, ...
 * after the caller's prefix); no filter text reaches the SQL. Every atom is two-valued, never
 * NULL, so {@code NOT} negates exactly as in Java. The shapes:
 * <ul>
 * <li>metadata: {@code CASE WHEN jsonb_typeof(metadata -> :k) = 'number' THEN CAST(metadata ->> :k
 * AS numeric) >= CAST(:v AS numeric) ELSE false END}; strings use {@code 'string'} and
 * {@code (metadata ->> :k) COLLATE "C"}, booleans {@code 'boolean'} and {@code CAST(... AS
 * boolean)}. CASE, unlike AND, guarantees the cast only sees values of its type. {@code in}
 * becomes one {@code CASE jsonb_typeof(...) WHEN 'string' THEN ... IN (...) WHEN 'number' ...}.
 * Ordering against a boolean literal is the constant {@code false}.</li>
 * <li>modality / mimeType: {@code modalities @> ARRAY[CAST(:v AS text)]}, and for {@code in}
 * {@code modalities && ARRAY[...]}; both can use a GIN index on the array.</li>
 * <li>id: {@code id COLLATE "C" < CAST(:v AS text)}.</li>
 * <li>createdAt, to the nanosecond: {@code (created_at, created_at_nanos) < (CAST(:t AS
 * timestamptz), CAST(:n AS integer))} where {@code :t} is the literal truncated to microseconds and
 * {@code :n} its nano-of-second. This relies on the pgvector store's row convention:
 * {@code created_at} holds the instant truncated (not rounded) to microseconds and
 * {@code created_at_nanos} its full nano-of-second.</li>
 * <li>{@code !=} and {@code nin} are {@code (NOT atom)}; and/or/not map to AND/OR/NOT.</li>
 * </ul>
 */
public final class SqlFilter {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SqlFilter() {
    }

    /**
     * SQL text and the values of its named parameters.
     *
     * @param sql        a boolean expression, to be placed in a WHERE clause (parenthesised as needed)
     * @param parameters parameter name (without the colon) to value: String, BigDecimal, Boolean,
     *                   Integer or OffsetDateTime (UTC); in order of first use
     */
    public record Fragment(String sql, Map<String, Object> parameters) {

        public Fragment {
            Objects.requireNonNull(sql, "sql");
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /**
     * Translates a filter.
     *
     * @param filter          the filter; not null
     * @param parameterPrefix the start of every parameter name, a SQL identifier such as {@code f}
     *                        (giving {@code :f0}, {@code :f1}, ...), so that fragments can share
     *                        a statement with other parameters
     * @throws IllegalArgumentException when the prefix is not an identifier
     */
    public static Fragment translate(FilterExpression filter, String parameterPrefix) {
        Objects.requireNonNull(filter, "filter");
        if (parameterPrefix == null || !PREFIX.matcher(parameterPrefix).matches()) {
            throw new IllegalArgumentException("a parameter prefix is a SQL identifier such as 'f', not '"
                    + parameterPrefix + "'");
        }
        Translation translation = new Translation(parameterPrefix);
        String sql = translation.expression(filter);
        return new Fragment(sql, translation.parameters);
    }

    private static final class Translation {

        private final String prefix;
        private final Map<String, Object> parameters = new LinkedHashMap<>();

        Translation(String prefix) {
            this.prefix = prefix;
        }

        private String parameter(Object value) {
            String name = prefix + parameters.size();
            parameters.put(name, value);
            return ":" + name;
        }

        String expression(FilterExpression filter) {
            if (filter instanceof FilterExpression.Comparison c) {
                return c.op() == Operator.NE ? "(NOT " + comparison(c.field(), Operator.EQ, c.value()) + ")"
                        : comparison(c.field(), c.op(), c.value());
            }
            if (filter instanceof FilterExpression.Membership m) {
                String sql = membership(m);
                return m.negated() ? "(NOT " + sql + ")" : sql;
            }
            if (filter instanceof FilterExpression.And and) {
                return join(and.operands(), " AND ");
            }
            if (filter instanceof FilterExpression.Or or) {
                return join(or.operands(), " OR ");
            }
            return "(NOT " + expression(((FilterExpression.Not) filter).operand()) + ")";
        }

        private String join(List<FilterExpression> operands, String connective) {
            List<String> parts = new ArrayList<>(operands.size());
            for (FilterExpression operand : operands) {
                parts.add(expression(operand));
            }
            return "(" + String.join(connective, parts) + ")";
        }

        /** One two-valued atom; op is never NE. */
        private String comparison(FilterField field, Operator op, Object value) {
            String sqlOp = op == Operator.EQ ? "=" : op.symbol();
            if (field instanceof FilterField.Metadata key) {
                if (value instanceof Boolean && op != Operator.EQ) {
                    return "false";
                }
                String k = parameter(key.key());
                return "(CASE WHEN jsonb_typeof(metadata -> CAST(" + k + " AS text)) = '" + jsonType(value)
                        + "' THEN " + metadataValue(k, value) + " " + sqlOp + " " + literal(value) + " ELSE false END)";
            }
            return switch ((FilterField.BuiltIn) field) {
                case MODALITY -> "(modalities @> ARRAY[CAST(" + parameter(value) + " AS text)])";
                case MIME_TYPE -> "(mime_types @> ARRAY[CAST(" + parameter(value) + " AS text)])";
                case ID -> "(id COLLATE \"C\" " + sqlOp + " CAST(" + parameter(value) + " AS text))";
                case CREATED_AT -> createdAt(sqlOp, (Instant) value);
            };
        }

        private String createdAt(String sqlOp, Instant instant) {
            String micros = parameter(OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
            String nanos = parameter(instant.getNano());
            String t = "CAST(" + micros + " AS timestamptz)";
            String n = "CAST(" + nanos + " AS integer)";
            if (sqlOp.equals("=")) {
                return "(created_at = " + t + " AND created_at_nanos = " + n + ")";
            }
            return "((created_at, created_at_nanos) " + sqlOp + " (" + t + ", " + n + "))";
        }

        private String membership(FilterExpression.Membership membership) {
            FilterField field = membership.field();
            List<String> literals = new ArrayList<>();
            if (field instanceof FilterField.Metadata key) {
                return metadataMembership(key, membership.values());
            }
            FilterField.BuiltIn builtIn = (FilterField.BuiltIn) field;
            if (builtIn == FilterField.BuiltIn.CREATED_AT) {
                for (Object value : membership.values()) {
                    literals.add(createdAt("=", (Instant) value));
                }
                return "(" + String.join(" OR ", literals) + ")";
            }
            for (Object value : membership.values()) {
                literals.add("CAST(" + parameter(value) + " AS text)");
            }
            String list = String.join(", ", literals);
            return switch (builtIn) {
                case MODALITY -> "(modalities && ARRAY[" + list + "])";
                case MIME_TYPE -> "(mime_types && ARRAY[" + list + "])";
                case ID -> "(id COLLATE \"C\" IN (" + list + "))";
                case CREATED_AT -> throw new IllegalStateException("handled above");
            };
        }

        private String metadataMembership(FilterField.Metadata key, List<Object> values) {
            String k = parameter(key.key());
            Map<String, List<String>> byType = new LinkedHashMap<>();
            for (Object value : values) {
                byType.computeIfAbsent(jsonType(value), type -> new ArrayList<>()).add(literal(value));
            }
            StringBuilder sql = new StringBuilder("(CASE jsonb_typeof(metadata -> CAST(" + k + " AS text))");
            for (Map.Entry<String, List<String>> type : byType.entrySet()) {
                Object sample = type.getKey().equals("string") ? "" : type.getKey().equals("number") ? BigDecimal.ZERO : true;
                sql.append(" WHEN '").append(type.getKey()).append("' THEN ").append(metadataValue(k, sample))
                        .append(" IN (").append(String.join(", ", type.getValue())).append(')');
            }
            return sql.append(" ELSE false END)").toString();
        }

        private static String jsonType(Object value) {
            return value instanceof String ? "string" : value instanceof BigDecimal ? "number" : "boolean";
        }

        /** The metadata value under key parameter k, as the SQL type of the literal. */
        private static String metadataValue(String k, Object value) {
            if (value instanceof String) {
                return "(metadata ->> CAST(" + k + " AS text)) COLLATE \"C\"";
            }
            return "CAST(metadata ->> CAST(" + k + " AS text) AS " + (value instanceof BigDecimal ? "numeric" : "boolean") + ")";
        }

        private String literal(Object value) {
            String sqlType = value instanceof String ? "text" : value instanceof BigDecimal ? "numeric" : "boolean";
            return "CAST(" + parameter(value) + " AS " + sqlType + ")";
        }
    }
}
