package dev.geminisearch.store.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.geminisearch.store.filter.FilterExpression.And;
import dev.geminisearch.store.filter.FilterExpression.Comparison;
import dev.geminisearch.store.filter.FilterExpression.Membership;
import dev.geminisearch.store.filter.FilterExpression.Not;
import dev.geminisearch.store.filter.FilterExpression.Operator;
import dev.geminisearch.store.filter.FilterExpression.Or;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTests {

    private static FilterExpression parse(String text) {
        return FilterParser.parse(text);
    }

    private static Comparison eq(String key, Object value) {
        return new Comparison(new FilterField.Metadata(key), Operator.EQ, value);
    }

    @Test
    void andBindsTighterThanOr() {
        assertThat(parse("a == 1 || b == 2 && c == 3"))
                .isEqualTo(new Or(List.of(eq("a", 1), new And(List.of(eq("b", 2), eq("c", 3))))));
    }

    @Test
    void notBindsTighterThanAnd() {
        assertThat(parse("not a == 1 && b == 2")).isEqualTo(new And(List.of(new Not(eq("a", 1)), eq("b", 2))));
        assertThat(parse("!(a == 1) || NOT (b == 2)")).isEqualTo(new Or(List.of(new Not(eq("a", 1)), new Not(eq("b", 2)))));
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertThat(parse("(a == 1 || b == 2) && c == 3"))
                .isEqualTo(new And(List.of(new Or(List.of(eq("a", 1), eq("b", 2))), eq("c", 3))));
    }

    @Test
    void chainsOfOneConnectiveFlattenInOrder() {
        assertThat(parse("a == 1 && b == 2 AND c == 3")).isEqualTo(new And(List.of(eq("a", 1), eq("b", 2), eq("c", 3))));
        assertThat(parse("a == 1 || b == 2 or c == 3 Or d == 4")).isInstanceOf(Or.class)
                .extracting(e -> ((Or) e).operands()).asList().hasSize(4);
    }

    @ParameterizedTest
    @CsvSource({"==,EQ", "!=,NE", "<,LT", "<=,LE", ">,GT", ">=,GE"})
    void parsesEveryComparisonOperator(String symbol, Operator op) {
        assertThat(parse("year" + symbol + "2020"))
                .isEqualTo(new Comparison(new FilterField.Metadata("year"), op, new BigDecimal("2020")));
    }

    @Test
    void parsesInAndNinWithMixedTypesInAnyCase() {
        assertThat(parse("genre in ['rock', \"pop\", 3, true]")).isEqualTo(new Membership(new FilterField.Metadata("genre"),
                List.of("rock", "pop", new BigDecimal("3"), true), false));
        assertThat(parse("genre NIN ['rock']")).isEqualTo(new Membership(new FilterField.Metadata("genre"), List.of("rock"), true));
        assertThat(parse("genre IN ['rock']")).isEqualTo(parse("genre in ['rock']"));
    }

    @Test
    void parsesNumberLiteralsExactly() {
        assertThat(((Comparison) parse("a == -3.5")).value()).isEqualTo(new BigDecimal("-3.5"));
        assertThat(((Comparison) parse("a == 1.5e3")).value()).isEqualTo(new BigDecimal("1.5e3"));
        assertThat(((Comparison) parse("a == -2E-2")).value()).isEqualTo(new BigDecimal("-0.02"));
        assertThat(((Comparison) parse("a == 12345678901234567890")).value()).isEqualTo(new BigDecimal("12345678901234567890"));
    }

    @Test
    void parsesBooleanLiteralsInAnyCase() {
        assertThat(parse("a == true")).isEqualTo(eq("a", true));
        assertThat(parse("a == FALSE")).isEqualTo(eq("a", false));
    }

    @Test
    void resolvesStringEscapes() {
        assertThat(((Comparison) parse("a == 'it\\'s \\\"q\\\" \\\\ \\n\\t\\u00e9\\/'")).value())
                .isEqualTo("it's \"q\" \\ \n\t\u00e9/");
        assertThat(((Comparison) parse("a == \"say \\\"hi\\\" 'there'\"")).value()).isEqualTo("say \"hi\" 'there'");
        assertThat(((Comparison) parse("a == '\\uD83D\\uDE00'")).value()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void backticksQuoteAnyKeyIncludingReservedNames() {
        assertThat(parse("`release date` == 'x'")).isEqualTo(eq("release date", "x"));
        assertThat(parse("`id` == 'x'")).isEqualTo(eq("id", "x"));
        assertThat(parse("`and` == 'x'")).isEqualTo(eq("and", "x"));
        assertThat(parse("`a\\`b` == 'x'")).isEqualTo(eq("a`b", "x"));
    }

    @Test
    void bareIdentifiersAllowDotsDashesAndDigitsAfterTheFirstCharacter() {
        assertThat(parse("a.b-c_d9 == 1")).isEqualTo(eq("a.b-c_d9", 1));
        assertThat(parse("_x == 1")).isEqualTo(eq("_x", 1));
    }

    @Test
    void reservedIdentifiersNameBuiltInFieldsExactlyAsSpelled() {
        assertThat(parse("id == 'x'")).isEqualTo(new Comparison(FilterField.BuiltIn.ID, Operator.EQ, "x"));
        assertThat(parse("ID == 'x'")).isEqualTo(eq("ID", "x"));
        assertThat(parse("modality == 'IMAGE'")).isEqualTo(new Comparison(FilterField.BuiltIn.MODALITY, Operator.EQ, "image"));
        assertThat(parse("mimeType in ['Image/PNG']"))
                .isEqualTo(new Membership(FilterField.BuiltIn.MIME_TYPE, List.of("image/png"), false));
        assertThat(parse("createdAt >= '2026-01-01'")).isEqualTo(new Comparison(FilterField.BuiltIn.CREATED_AT, Operator.GE,
                Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(parse("createdAt < '2026-01-01T01:00:00.5+01:00'")).isEqualTo(new Comparison(
                FilterField.BuiltIn.CREATED_AT, Operator.LT, Instant.parse("2026-01-01T00:00:00.5Z")));
    }

    @Test
    void nestingUpToTheLimitParses() {
        int limit = FilterParser.MAX_NESTING;
        assertThat(parse("(".repeat(limit) + "a == 1" + ")".repeat(limit))).isEqualTo(eq("a", 1));
        assertThatThrownBy(() -> parse("(".repeat(limit + 1) + "a == 1" + ")".repeat(limit + 1)))
                .isInstanceOf(FilterSyntaxException.class).hasMessageContaining("nested deeper than " + limit);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "^genre == ^|9|expected a value after '==' at position 9 (found end of input)",
        "year >= 2020 &&|15|expected a field name, 'not' or '(' after '&&' at position 15 (found end of input)",
        "^year >= ^|8|expected a value after '>=' at position 8",
        "genre in ['a' 'b']|14|expected ',' or ']' after 'a' at position 14 (found 'b')",
        "(a == 1|7|expected ')' closing the '(' from position 0 after '1' at position 7 (found end of input)",
        "a === 1|4|expected a value after '==' at position 4 (found '=')",
        "genre == 'jazz|9|unterminated string starting at position 9",
        "genre == \"jazz|9|unterminated string starting at position 9",
        "`genre == 1|0|unterminated backtick-quoted name starting at position 0",
        "a == 1 b == 2|7|expected '&&', '||' or end of input after '1' at position 7 (found 'b')",
        "a == 1)|6|this ')' closes nothing",
        "&& a == 1|0|expected a field name, 'not' or '(' at position 0 (found '&&')",
        "a == 1 & b == 2|7|expected '&&', '||' or end of input after '1' at position 7 (found '&')",
        "not|3|expected a field name, 'not' or '(' after 'not' at position 3",
        "a not in ['x']|2|expected an operator (==, !=, <, <=, >, >=, in, nin) after 'a' at position 2 (found 'not')",
        "a in 'x'|5|expected '[' after 'in' at position 5",
        "a in []|6|expected at least one value in the list at position 6",
        "a == 'x\\q'|7|unknown escape '\\q' at position 7",
        "a == '\\u12'|6|expected four hex digits after '\\u' at position 6",
        "`` == 1|0|expected a name between the backticks at position 0",
        "a == 1e|7|expected digits in the exponent",
        "a == 1e2000|5|at most 1000 digits before and after the point at position 5",
        "a == -x|5|expected a value after '==' at position 5 (found '-')",
        "modality < 'image'|9|operator '<' does not apply to modality; use ==, !=, in or nin at position 9",
        "mimeType >= 'image/png'|9|operator '>=' does not apply to mimeType",
        "modality == 3|12|modality compares with a string, not a number at position 12",
        "modality == 'smell'|12|unknown modality 'smell'",
        "createdAt > 'yesterday'|12|createdAt compares with an ISO-8601 instant",
        "createdAt > '2026-01-01T00:00:00'|12|createdAt compares with an ISO-8601 instant",
        "createdAt > 2026|12|createdAt compares with a string, not a number",
        "id > 5|5|id compares with a string, not a number at position 5",
        "id in ['a', true]|12|id compares with a string, not a boolean at position 12",
        "a == 'x\\u0000'|5|cannot contain U+0000 at position 5",
        "a == '\\uD83D'|5|unpaired surrogate at position 5",
        "''|0|expected a field name, 'not' or '(' at position 0 (found '')",
        "|0|expected a field name, 'not' or '(' at position 0 (found end of input)",
    })
    void reportsWhatWasExpectedAndWhere(String text, int position, String message) {
        String filter = text == null ? "" : text;
        assertThatThrownBy(() -> parse(filter))
                .isInstanceOfSatisfying(FilterSyntaxException.class, e -> assertThat(e.position()).isEqualTo(position))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void treeRecordsRejectInvalidValuesWhenBuiltDirectly() {
        assertThatThrownBy(() -> new Comparison(FilterField.BuiltIn.MODALITY, Operator.GT, "image"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Membership(new FilterField.Metadata("a"), List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Comparison(new FilterField.Metadata("a"), Operator.EQ, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new And(List.of(eq("a", 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Comparison(new FilterField.Metadata("a"), Operator.EQ, 2020L).value()).isEqualTo(new BigDecimal("2020"));
    }
}
