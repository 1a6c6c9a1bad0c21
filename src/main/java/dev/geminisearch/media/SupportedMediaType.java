package dev.geminisearch.media;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The media types Gemini Embedding 2 accepts, with the names clients and Tika use for them. */
enum SupportedMediaType {
    PNG("image/png", Modality.IMAGE),
    JPEG("image/jpeg", Modality.IMAGE, "image/jpg", "image/pjpeg"),
    MP3("audio/mpeg", Modality.AUDIO, "audio/mp3", "audio/x-mp3", "audio/mpeg3", "audio/x-mpeg", "audio/x-mpeg-3",
            "audio/mpg"),
    // Tika calls WAV audio/vnd.wave; Gemini's docs and browsers say audio/wav or audio/x-wav.
    WAV("audio/wav", Modality.AUDIO, "audio/vnd.wave", "audio/x-wav", "audio/wave", "audio/x-pn-wav"),
    // M4V is Apple's name for an MP4 file that usually holds H.264: the same container Gemini reads.
    MP4("video/mp4", Modality.VIDEO, "video/x-m4v", "application/mp4"),
    QUICKTIME("video/quicktime", Modality.VIDEO, "video/mov", "video/x-quicktime"),
    PDF("application/pdf", Modality.DOCUMENT, "application/x-pdf");

    /** Canonical names of every supported type, for error messages. */
    static final String SUPPORTED_LIST = String.join(", ",
            List.of(values()).stream().map(SupportedMediaType::mimeType).toList());

    private static final Map<String, SupportedMediaType> BY_NAME = byName();

    private final String mimeType;
    private final Modality modality;
    private final List<String> aliases;

    SupportedMediaType(String mimeType, Modality modality, String... aliases) {
        this.mimeType = mimeType;
        this.modality = modality;
        this.aliases = List.of(aliases);
    }

    String mimeType() {
        return mimeType;
    }

    Modality modality() {
        return modality;
    }

    /** The supported type a name (canonical or alias, any case, parameters ignored) stands for. */
    static Optional<SupportedMediaType> forName(String name) {
        return Optional.ofNullable(BY_NAME.get(normalise(name)));
    }

    /** Lower-cases a media type and strips parameters such as {@code ;codecs=...}. */
    static String normalise(String name) {
        int semicolon = name.indexOf(';');
        String bare = semicolon < 0 ? name : name.substring(0, semicolon);
        return bare.trim().toLowerCase(Locale.ROOT);
    }

    private static Map<String, SupportedMediaType> byName() {
        Map<String, SupportedMediaType> map = new HashMap<>();
        for (SupportedMediaType type : values()) {
            map.put(type.mimeType, type);
            type.aliases.forEach(alias -> map.put(alias, type));
        }
        return Map.copyOf(map);
    }
}
