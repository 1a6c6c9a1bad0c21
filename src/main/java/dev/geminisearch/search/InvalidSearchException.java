package dev.geminisearch.search;

/** A search that cannot run as asked (400). */
public class InvalidSearchException extends RuntimeException {

    private final String field;

    public InvalidSearchException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field as the client named it. */
    public String field() {
        return field;
    }
}
