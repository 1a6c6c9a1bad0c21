package dev.geminisearch.store;

/** A listing cursor that this store did not issue. */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException(String cursor) {
        super("cursor '" + cursor + "' is not valid; use the nextCursor of a previous page");
    }
}
