package dev.geminisearch.embedding;

/**
 * Gemini refused the input itself (its 400 INVALID_ARGUMENT): retrying cannot help, and the
 * client has to change the input (422).
 */
public class EmbeddingRejectedException extends EmbeddingException {

    public EmbeddingRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
