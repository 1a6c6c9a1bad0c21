package dev.geminisearch.embedding;

/** No Gemini credentials are configured, so no embedding can be made (503). */
public class EmbedderNotConfiguredException extends EmbeddingException {

    public EmbedderNotConfiguredException(String message) {
        super(message, null);
    }
}
