package dev.geminisearch.media;

import java.nio.charset.StandardCharsets;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * Tells what media bytes are from their content alone (magic bytes), never from a name or a
 * declared type. Thread-safe: Tika's detector keeps no per-call state.
 */
final class MediaSniffer {

    private static final String QUICKTIME = "video/quicktime";
    private static final String MP4 = "video/mp4";

    private final Tika tika = new Tika();
    private final MediaTypeRegistry registry = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();

    /**
     * The type of the bytes under the name Tika gives it (e.g. {@code audio/vnd.wave}), or
     * {@code application/octet-stream} when nothing matches.
     */
    String detect(byte[] bytes) {
        // No file name is passed, so Tika decides on magic bytes only.
        String detected = tika.detect(bytes);
        if (detected.equals(QUICKTIME) || detected.equals(MP4)) {
            return isoBaseMediaType(bytes);
        }
        return detected;
    }

    /**
     * A declared type resolved through our aliases and then Tika's, so that it can be compared with a
     * detected one; lower case without parameters.
     */
    String canonicalName(String type) {
        String normalised = SupportedMediaType.normalise(type);
        return SupportedMediaType.forName(normalised)
                .map(SupportedMediaType::mimeType)
                .orElseGet(() -> {
                    MediaType parsed = MediaType.parse(normalised);
                    return parsed == null ? normalised : registry.normalize(parsed).toString();
                });
    }

    // Tika's magic files every ISO base media file whose brand it does not list (ffmpeg's "isom",
    // "iso5", "avc1", ...) under video/quicktime. The major brand in the ftyp box is what tells
    // QuickTime ("qt  ") from MP4; old QuickTime files have no ftyp box at all.
    private static String isoBaseMediaType(byte[] bytes) {
        if (bytes.length >= 12 && new String(bytes, 4, 4, StandardCharsets.US_ASCII).equals("ftyp")) {
            String majorBrand = new String(bytes, 8, 4, StandardCharsets.US_ASCII);
            return majorBrand.equals("qt  ") ? QUICKTIME : MP4;
        }
        return QUICKTIME;
    }
}
