package dev.geminisearch.media;

/**
 * Why an input cannot be embedded, found before any call to Gemini. Sealed so that the web layer can
 * map every kind to a status: {@link InvalidPartException} 400, {@link UnsupportedMediaException}
 * 415, {@link MediaLimitExceededException} 422, {@link MediaSplitUnavailableException} (this server
 * cannot split long audio or video). Messages are written for the API client.
 */
public abstract sealed class MediaException extends RuntimeException
        permits InvalidPartException, UnsupportedMediaException, MediaLimitExceededException,
        MediaSplitUnavailableException {

    MediaException(String message) {
        super(message);
    }

    MediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
