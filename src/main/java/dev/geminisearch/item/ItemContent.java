package dev.geminisearch.item;

/**
 * The original content of an item: its first media part, or its text when it has no media.
 *
 * @param mimeType the media type to serve it with
 * @param bytes    the original bytes
 */
public record ItemContent(String mimeType, byte[] bytes) {
}
