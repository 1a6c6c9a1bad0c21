package dev.geminisearch.store.filter;

import dev.geminisearch.media.Modality;
import dev.geminisearch.store.filter.FilterExpression.Operator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The value rules the tree, the evaluator and the SQL translation share. */
final class FilterValues {

    /** Digits before and after the point a number literal may have; PostgreSQL's numeric allows more. */
    static final int MAX_NUMBER_DIGITS = 1000;
    /** timestamptz reaches further, but four-digit years keep ISO-8601 text unambiguous. */
    private static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private FilterValues() {
    }

    /** Throws when the operator does not apply to the field (ordering of multi-valued fields). */
    static void checkOperator(FilterField field, Operator op) {
        if (op.isOrdering() && (field == FilterField.BuiltIn.MODALITY || field == FilterField.BuiltIn.MIME_TYPE)) {
            throw new IllegalArgumentException("operator '" + op.symbol() + "' does not apply to " + field
                    + "; use ==, !=, in or nin");
        }
    }

    /**
     * The canonical form of a literal compared with the field: String, BigDecimal or Boolean for
     * metadata; a lower-case wire name for modality; a lower-case media type for mimeType; a
     * String for id; an Instant for createdAt.
     */
    static Object normalise(FilterField field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("null is not a filter value");
        }
        if (field instanceof FilterField.Metadata) {
            if (value instanceof String text) {
                return checkedString(text);
            }
            if (value instanceof Boolean) {
                return value;
            }
            if (value instanceof Number number) {
                return decimal(number);
            }
            throw new IllegalArgumentException("a filter value is a string, number or boolean, not "
                    + value.getClass().getSimpleName());
        }
        FilterField.BuiltIn builtIn = (FilterField.BuiltIn) field;
        if (builtIn == FilterField.BuiltIn.CREATED_AT && value instanceof Instant instant) {
            return checkedInstant(instant);
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(builtIn + " compares with a string, not " + describe(value));
        }
        checkedString(text);
        return switch (builtIn) {
            case MODALITY -> Modality.fromWireName(text).wireName();
            // stored media types are lower-case without parameters
            case MIME_TYPE -> text.toLowerCase(Locale.ROOT);
            case ID -> text;
            case CREATED_AT -> checkedInstant(instant(text));
        };
    }

    private static String describe(Object value) {
        return value instanceof Boolean ? "a boolean" : value instanceof Number ? "a number" : value.getClass().getSimpleName();
    }

    private static String checkedString(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string value cannot contain U+0000");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a string value cannot contain an unpaired surrogate");
            }
        }
        return text;
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException("createdAt compares with an ISO-8601 instant such as "
                        + "'2026-01-01T00:00:00Z' or a date such as '2026-01-01', not '" + text + "'");
            }
        }
    }

    private static Instant checkedInstant(Instant instant) {
        if (instant.isBefore(MIN_INSTANT) || instant.isAfter(MAX_INSTANT)) {
            throw new IllegalArgumentException("createdAt values lie between years 0001 and 9999");
        }
        return instant;
    }

    private static BigDecimal decimal(Number number) {
        BigDecimal decimal = numeric(number);
        if (decimal == null) {
            throw new IllegalArgumentException("a number must be finite");
        }
        if (decimal.precision() - decimal.scale() > MAX_NUMBER_DIGITS || decimal.scale() > MAX_NUMBER_DIGITS) {
            throw new IllegalArgumentException("a number may have at most " + MAX_NUMBER_DIGITS
                    + " digits before and after the point");
        }
        return decimal;
    }

    /**
     * The exact decimal value of a metadata number, or null when the value is not a finite number.
     * Doubles go through their shortest decimal text, as the JSON the stores write does (so 0.1 is
     * 0.1, not 0.1000000000000000055...).
     */
    static BigDecimal numeric(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? new BigDecimal(value.toString()) : null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        return null;
    }

    /**
     * Orders strings by Unicode code point, which is the order of their UTF-8 bytes and so of
     * PostgreSQL's {@code COLLATE "C"} in a UTF8 database. {@link String#compareTo} orders UTF-16
     * units instead and differs for characters above U+FFFF against U+E000..U+FFFF.
     */
    static int compareStrings(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
                    // surrogates (U+D800..DFFF) stand for code points above U+FFFF: move them past U+E000..FFFF
                    return codePointRank(x) - codePointRank(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static int codePointRank(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
}
