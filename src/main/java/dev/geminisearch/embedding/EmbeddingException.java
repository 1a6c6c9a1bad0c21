package dev.geminisearch.embedding;

/** Base of the failures an {@link Embedder} reports, already translated from the SDK's. */
public abstract class EmbeddingException extends RuntimeException {

    protected EmbeddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
