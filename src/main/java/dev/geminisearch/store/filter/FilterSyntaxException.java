package dev.geminisearch.store.filter;

/**
 * A filter that cannot be parsed, or whose types are wrong in a way visible without any item
 * ({@code modality < 'image'}, {@code createdAt > 'yesterday'}, {@code year in []}).
 *
 * <p>The message names what was expected and where, for example
 * {@code expected a value after '>=' at position 17 (found end of input)}.
 */
public class FilterSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    FilterSyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** The 0-based character offset in the filter text where the problem was found. */
    public int position() {
        return position;
    }
}
