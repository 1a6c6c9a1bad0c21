package dev.geminisearch.store;

import dev.geminisearch.media.Modality;
import java.util.Objects;

/**
 * One part of a stored item as it was ingested: either text (kept inline) or media (kept as a
 * content-addressed original, named by the SHA-256 of its bytes).
 *
 * @param modality    what kind of content the part is
 * @param mimeType    the sniffed media type ({@code text/plain} for text)
 * @param text        the text of a text part; null for media
 * @param contentHash lower-case hex SHA-256 of the original bytes of a media part; null for text
 * @param sizeBytes   size of the original (UTF-8 bytes for text)
 */
public record StoredPart(Modality modality, String mimeType, String text, String contentHash, long sizeBytes) {

    public StoredPart {
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(mimeType, "mimeType");
        if ((text == null) == (contentHash == null)) {
            throw new IllegalArgumentException("a part has either text or a content hash, not both or neither");
        }
    }

    public static StoredPart text(String text) {
        return new StoredPart(Modality.TEXT, "text/plain", text, null,
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    public static StoredPart media(Modality modality, String mimeType, String contentHash, long sizeBytes) {
        return new StoredPart(modality, mimeType, null, contentHash, sizeBytes);
    }

    public boolean isMedia() {
        return contentHash != null;
    }
}
