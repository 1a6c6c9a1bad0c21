package dev.geminisearch.store.filter;

import dev.geminisearch.store.filter.FilterExpression.Operator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses filter text into a {@link FilterExpression}. Stateless and thread-safe.
 *
 * <h2>Syntax</h2>
 * <pre>
 * filter     = or EOF
 * or         = and { ("||" | "or") and }            (keywords in any case)
 * and        = unary { ("&amp;&amp;" | "and") unary }
 * unary      = ("not" | "!") unary | "(" or ")" | predicate
 * predicate  = field ( ("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") value
 *                    | ("in" | "nin") "[" value { "," value } "]" )
 * field      = identifier | "`" any text, \` and \\ escaped "`"
 * identifier = (letter | "_") { letter | digit | "_" | "." | "-" }
 * value      = string | number | "true" | "false"
 * string     = '...' or "..." with escapes \\ \' \" \/ \b \f \n \r \t and backslash-u plus four hex digits
 * number     = ["-"] digits ["." digits] [("e" | "E") ["+" | "-"] digits]
 * </pre>
 * {@code not} binds tighter than {@code &&}, which binds tighter than {@code ||}. The bare
 * identifiers {@code modality}, {@code mimeType}, {@code createdAt} and {@code id} (exactly so
 * spelled) are built-in fields; a metadata key of that name, or one spelled like a keyword, is
 * written in backticks. See {@link FilterExpression} for what a filter means.
 */
public final class FilterParser {

    /** How deeply parentheses and {@code not} may nest; bounds the recursion of every consumer. */
    public static final int MAX_NESTING = 64;
    /**
     * Comparisons plus list values a filter may hold: far more than a hand-written filter needs, and
     * well under what a database statement can bind (PostgreSQL takes at most 65,535 parameters).
     */
    public static final int MAX_VALUES = 1_000;

    private FilterParser() {
    }

    /**
     * Parses a filter.
     *
     * @param text the filter; not null
     * @return its tree
     * @throws FilterSyntaxException when the text is not a filter, or a value cannot apply to its
     *                               field; the message names what was expected and the position
     */
    public static FilterExpression parse(String text) {
        return new Parser(new Lexer(text).tokens()).parse();
    }

    private enum Kind {
        IDENTIFIER, QUOTED_IDENTIFIER, STRING, NUMBER, TRUE, FALSE, OPERATOR, AND, OR, NOT, IN, NIN,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, UNKNOWN, END
    }

    /**
     * @param source the token as written
     * @param value  the string, identifier or number it stands for
     */
    private record Token(Kind kind, int position, String source, Object value) {

        String describe() {
            if (kind == Kind.END) {
                return "end of input";
            }
            String shown = source.length() > 24 ? source.substring(0, 24) + "..." : source;
            return kind == Kind.STRING ? shown : "'" + shown + "'";
        }
    }

    private static final class Lexer {

        private final String text;
        private int at;

        Lexer(String text) {
            this.text = text;
        }

        List<Token> tokens() {
            List<Token> tokens = new ArrayList<>();
            while (true) {
                while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                    at++;
                }
                if (at >= text.length()) {
                    tokens.add(new Token(Kind.END, text.length(), "", null));
                    return tokens;
                }
                tokens.add(next());
            }
        }

        private Token next() {
            int start = at;
            char c = text.charAt(at);
            switch (c) {
                case '(' -> { return single(Kind.LEFT_PAREN); }
                case ')' -> { return single(Kind.RIGHT_PAREN); }
                case '[' -> { return single(Kind.LEFT_BRACKET); }
                case ']' -> { return single(Kind.RIGHT_BRACKET); }
                case ',' -> { return single(Kind.COMMA); }
                case '\'', '"' -> { return string(c); }
                case '`' -> { return quotedIdentifier(); }
                default -> { }
            }
            if (text.startsWith("&&", at)) {
                at += 2;
                return new Token(Kind.AND, start, "&&", null);
            }
            if (text.startsWith("||", at)) {
                at += 2;
                return new Token(Kind.OR, start, "||", null);
            }
            for (String symbol : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
                if (text.startsWith(symbol, at)) {
                    at += symbol.length();
                    return new Token(Kind.OPERATOR, start, symbol, null);
                }
            }
            if (c == '!') {
                return single(Kind.NOT);
            }
            if (c == '-' || isDigit(c)) {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                return identifier();
            }
            at += Character.charCount(text.codePointAt(at));
            return new Token(Kind.UNKNOWN, start, text.substring(start, at), null);
        }

        private Token single(Kind kind) {
            at++;
            return new Token(kind, at - 1, text.substring(at - 1, at), null);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private Token number() {
            int start = at;
            if (text.charAt(at) == '-') {
                at++;
            }
            if (!digits()) {
                return new Token(Kind.UNKNOWN, start, text.substring(start, at), null);
            }
            if (at + 1 < text.length() && text.charAt(at) == '.' && isDigit(text.charAt(at + 1))) {
                at++;
                digits();
            }
            if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
                int exponent = at;
                at++;
                if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                    at++;
                }
                if (!digits()) {
                    throw new FilterSyntaxException("expected digits in the exponent of the number at position "
                            + start + ", at position " + at, at);
                }
                if (at - exponent > 8) {
                    throw new FilterSyntaxException("number out of range at position " + start, start);
                }
            }
            String source = text.substring(start, at);
            return new Token(Kind.NUMBER, start, source, new BigDecimal(source));
        }

        private boolean digits() {
            int start = at;
            while (at < text.length() && isDigit(text.charAt(at))) {
                at++;
            }
            return at > start;
        }

        private Token identifier() {
            int start = at;
            at++;
            while (at < text.length()) {
                char c = text.charAt(at);
                if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
                    at++;
                } else {
                    break;
                }
            }
            String word = text.substring(start, at);
            Kind kind = switch (word.toLowerCase(Locale.ROOT)) {
                case "and" -> Kind.AND;
                case "or" -> Kind.OR;
                case "not" -> Kind.NOT;
                case "in" -> Kind.IN;
                case "nin" -> Kind.NIN;
                case "true" -> Kind.TRUE;
                case "false" -> Kind.FALSE;
                default -> Kind.IDENTIFIER;
            };
            return new Token(kind, start, word, word);
        }

        private Token quotedIdentifier() {
            int start = at;
            String name = quoted('`', "backtick-quoted name");
            if (name.isEmpty()) {
                throw new FilterSyntaxException("expected a name between the backticks at position " + start, start);
            }
            return new Token(Kind.QUOTED_IDENTIFIER, start, text.substring(start, at), name);
        }

        private Token string(char quote) {
            int start = at;
            String value = quoted(quote, "string");
            return new Token(Kind.STRING, start, text.substring(start, at), value);
        }

        /** Reads from an opening quote past its closing one, resolving escapes. */
        private String quoted(char quote, String what) {
            int start = at;
            at++;
            StringBuilder value = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == quote) {
                    at++;
                    return value.toString();
                }
                if (c == '\\') {
                    value.append(escape(quote));
                } else {
                    value.append(c);
                    at++;
                }
            }
            throw new FilterSyntaxException("unterminated " + what + " starting at position " + start
                    + ": expected a closing " + quote + " at position " + text.length(), start);
        }

        private char escape(char quote) {
            int start = at;
            if (at + 1 >= text.length()) {
                at++;
                return '\\';
            }
            char c = text.charAt(at + 1);
            at += 2;
            if (c == quote || c == '\\') {
                return c;
            }
            if (quote != '`') {
                switch (c) {
                    case '\'', '"', '/' -> { return c; }
                    case 'b' -> { return '\b'; }
                    case 'f' -> { return '\f'; }
                    case 'n' -> { return '\n'; }
                    case 'r' -> { return '\r'; }
                    case 't' -> { return '\t'; }
                    case 'u' -> {
                        if (at + 4 <= text.length()) {
                            try {
                                char unit = (char) Integer.parseInt(text.substring(at, at + 4), 16);
                                if (text.substring(at, at + 4).chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                                    at += 4;
                                    return unit;
                                }
                            } catch (NumberFormatException notHex) {
                                // reported below
                            }
                        }
                        throw new FilterSyntaxException("expected four hex digits after '\\u' at position " + start, start);
                    }
                    default -> { }
                }
            }
            throw new FilterSyntaxException("unknown escape '\\" + c + "' at position " + start
                    + (quote == '`' ? "; expected \\` or \\\\" : "; expected one of \\\\ \\' \\\" \\/ \\b \\f \\n \\r \\t \\uXXXX"),
                    start);
        }
    }

    private static final class Parser {

        private final List<Token> tokens;
        private int next;
        private int depth;
        private int values;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        FilterExpression parse() {
            FilterExpression expression = or();
            Token token = peek();
            if (token.kind() != Kind.END) {
                throw expected(token.kind() == Kind.RIGHT_PAREN ? "'&&', '||' or end of input (this ')' closes nothing)"
                        : "'&&', '||' or end of input", token);
            }
            return expression;
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token previous() {
            return tokens.get(next - 1);
        }

        private Token take() {
            return tokens.get(next++);
        }

        private FilterExpression or() {
            List<FilterExpression> operands = new ArrayList<>();
            operands.add(and());
            while (peek().kind() == Kind.OR) {
                take();
                operands.add(and());
            }
            return operands.size() == 1 ? operands.get(0) : new FilterExpression.Or(operands);
        }

        private FilterExpression and() {
            List<FilterExpression> operands = new ArrayList<>();
            operands.add(unary());
            while (peek().kind() == Kind.AND) {
                take();
                operands.add(unary());
            }
            return operands.size() == 1 ? operands.get(0) : new FilterExpression.And(operands);
        }

        private FilterExpression unary() {
            Token token = peek();
            if (token.kind() == Kind.NOT || token.kind() == Kind.LEFT_PAREN) {
                if (++depth > MAX_NESTING) {
                    throw new FilterSyntaxException("filter nested deeper than " + MAX_NESTING + " levels at position "
                            + token.position(), token.position());
                }
                take();
                FilterExpression result;
                if (token.kind() == Kind.NOT) {
                    result = new FilterExpression.Not(unary());
                } else {
                    result = or();
                    Token close = peek();
                    if (close.kind() != Kind.RIGHT_PAREN) {
                        throw expected("')' closing the '(' from position " + token.position(), close);
                    }
                    take();
                }
                depth--;
                return result;
            }
            return predicate();
        }

        private FilterExpression predicate() {
            Token name = peek();
            FilterField field;
            if (name.kind() == Kind.IDENTIFIER) {
                String word = (String) name.value();
                Optional<FilterField.BuiltIn> builtIn = FilterField.BuiltIn.forIdentifier(word);
                field = builtIn.isPresent() ? builtIn.get() : new FilterField.Metadata(word);
            } else if (name.kind() == Kind.QUOTED_IDENTIFIER) {
                field = metadata(name);
            } else {
                throw expected("a field name, 'not' or '('", name);
            }
            take();
            Token operator = peek();
            switch (operator.kind()) {
                case OPERATOR -> {
                    take();
                    Operator op = operator(operator.source());
                    try {
                        FilterValues.checkOperator(field, op);
                    } catch (IllegalArgumentException e) {
                        throw at(e, operator);
                    }
                    Token valueToken = peek();
                    countValue(valueToken);
                    Object value = value(field);
                    try {
                        return new FilterExpression.Comparison(field, op, value);
                    } catch (IllegalArgumentException e) {
                        throw at(e, valueToken);
                    }
                }
                case IN, NIN -> {
                    take();
                    return new FilterExpression.Membership(field, list(field), operator.kind() == Kind.NIN);
                }
                default -> throw expected("an operator (==, !=, <, <=, >, >=, in, nin)", operator);
            }
        }

        private void countValue(Token token) {
            if (++values > MAX_VALUES) {
                throw new FilterSyntaxException("a filter may hold at most " + MAX_VALUES + " values; the one at position "
                        + token.position() + " is one too many", token.position());
            }
        }

        private FilterField metadata(Token name) {
            try {
                return new FilterField.Metadata((String) name.value());
            } catch (IllegalArgumentException e) {
                throw at(e, name);
            }
        }

        private static Operator operator(String symbol) {
            for (Operator op : Operator.values()) {
                if (op.symbol().equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalStateException("the lexer only makes known operators: " + symbol);
        }

        private List<Object> list(FilterField field) {
            Token open = peek();
            if (open.kind() != Kind.LEFT_BRACKET) {
                throw expected("'['", open);
            }
            take();
            if (peek().kind() == Kind.RIGHT_BRACKET) {
                throw new FilterSyntaxException("expected at least one value in the list at position "
                        + peek().position() + " (an empty list matches nothing)", peek().position());
            }
            List<Object> values = new ArrayList<>();
            while (true) {
                Token valueToken = peek();
                countValue(valueToken);
                Object value = value(field);
                try {
                    values.add(FilterValues.normalise(field, value));
                } catch (IllegalArgumentException e) {
                    throw at(e, valueToken);
                }
                Token separator = peek();
                if (separator.kind() == Kind.RIGHT_BRACKET) {
                    take();
                    return values;
                }
                if (separator.kind() != Kind.COMMA) {
                    throw expected("',' or ']'", separator);
                }
                take();
            }
        }

        private Object value(FilterField field) {
            Token token = peek();
            Object value = switch (token.kind()) {
                case STRING, NUMBER -> token.value();
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw expected("a value", token);
            };
            take();
            return value;
        }

        private FilterSyntaxException expected(String what, Token found) {
            String after = next > 0 ? " after " + previous().describe() : "";
            return new FilterSyntaxException("expected " + what + after + " at position " + found.position()
                    + " (found " + found.describe() + ")", found.position());
        }

        private static FilterSyntaxException at(IllegalArgumentException cause, Token token) {
            FilterSyntaxException e = new FilterSyntaxException(cause.getMessage() + " at position " + token.position(),
                    token.position());
            e.initCause(cause);
            return e;
        }
    }
}
