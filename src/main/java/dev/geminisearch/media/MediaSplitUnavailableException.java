package dev.geminisearch.media;

/**
 * Audio or video over Gemini's limits cannot be split on this server because ffmpeg or ffprobe is
 * missing; not the client's fault and not transient. The message says so and what a client can send
 * instead (a file within the limits). PDFs are split without ffmpeg and never raise this.
 */
public final class MediaSplitUnavailableException extends MediaException {

    public MediaSplitUnavailableException(String message) {
        super(message);
    }
}
