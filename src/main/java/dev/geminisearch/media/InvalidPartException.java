package dev.geminisearch.media;

/**
 * The input is malformed whatever its content: no parts, a part with no bytes, or only empty text.
 * A client error (400).
 */
public final class InvalidPartException extends MediaException {

    public InvalidPartException(String message) {
        super(message);
    }
}
