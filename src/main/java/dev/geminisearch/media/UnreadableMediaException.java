package dev.geminisearch.media;

/**
 * Internal signal from a measuring step that the bytes, though they carry the right magic, cannot be
 * read; {@link MediaInspector} turns it into an {@link UnsupportedMediaException} naming the part.
 */
final class UnreadableMediaException extends Exception {

    UnreadableMediaException(String reason) {
        super(reason);
    }

    UnreadableMediaException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
