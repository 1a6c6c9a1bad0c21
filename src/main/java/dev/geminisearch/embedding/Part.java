package dev.geminisearch.embedding;

import java.util.Objects;

/**
 * One input to an embedding: a piece of text or a piece of media. Several parts embedded together
 * give ONE composite vector (an image and its caption, say).
 */
public sealed interface Part permits Part.Text, Part.Media {

    /** A text part; never null, may be empty only inside a composite input. */
    record Text(String text) implements Part {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A media part. {@code mimeType} is what the bytes are (after sniffing, once the media package
     * has inspected them) or what the client declared (before).
     */
    record Media(String mimeType, byte[] data) implements Part {
        public Media {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Media media && Objects.equals(mimeType, media.mimeType)
                    && java.util.Arrays.equals(data, media.data);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(mimeType) + java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Media[mimeType=" + mimeType + ", bytes=" + data.length + "]";
        }
    }
}
