package dev.geminisearch.embedding;

/** Gemini failed or could not be reached for the whole retry deadline (502). */
public class EmbeddingUnavailableException extends EmbeddingException {

    public EmbeddingUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
