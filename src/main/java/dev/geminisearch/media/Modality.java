package dev.geminisearch.media;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What kind of content a part is, derived from its (sniffed) media type. */
public enum Modality {
    TEXT, IMAGE, AUDIO, VIDEO, DOCUMENT;

    /** The lower-case name used in JSON, query strings and storage. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    @JsonCreator
    public static Modality fromWireName(String name) {
        for (Modality modality : values()) {
            if (modality.wireName().equalsIgnoreCase(name)) {
                return modality;
            }
        }
        throw new IllegalArgumentException("unknown modality '" + name
                + "'; expected one of text, image, audio, video, document");
    }
}
