package dev.geminisearch.item;

/** An item field breaks a rule that bean validation cannot express (400). */
public class InvalidItemException extends RuntimeException {

    private final String field;

    public InvalidItemException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field, as the client named it. */
    public String field() {
        return field;
    }
}
