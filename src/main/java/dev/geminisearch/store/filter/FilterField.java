package dev.geminisearch.store.filter;

import java.util.Objects;
import java.util.Optional;

/**
 * What a comparison looks at: one of the item's built-in fields or a metadata key.
 *
 * <p>In filter text, {@code modality}, {@code mimeType}, {@code createdAt} and {@code id} (exactly
 * so spelled) name the built-ins; any other identifier, and any backtick-quoted name
 * ({@code `id`}), names a metadata key.
 */
public sealed interface FilterField permits FilterField.BuiltIn, FilterField.Metadata {

    /** The item's own fields. */
    enum BuiltIn implements FilterField {
        /** The modalities of the item's parts; a comparison holds when any part matches. */
        MODALITY("modality"),
        /** The media types of the item's parts; a comparison holds when any part matches. */
        MIME_TYPE("mimeType"),
        /** When the item was stored, compared as an instant. */
        CREATED_AT("createdAt"),
        /** The item id, compared as a string. */
        ID("id");

        private final String identifier;

        BuiltIn(String identifier) {
            this.identifier = identifier;
        }

        /** The name used in filter text. */
        public String identifier() {
            return identifier;
        }

        /** The built-in a bare identifier names (case-sensitive), if any. */
        public static Optional<BuiltIn> forIdentifier(String identifier) {
            for (BuiltIn field : values()) {
                if (field.identifier.equals(identifier)) {
                    return Optional.of(field);
                }
            }
            return Optional.empty();
        }

        @Override
        public String toString() {
            return identifier;
        }
    }

    /**
     * A metadata key, matched exactly (case-sensitive).
     *
     * @param key non-empty, without U+0000 (which PostgreSQL cannot store)
     */
    record Metadata(String key) implements FilterField {

        public Metadata {
            Objects.requireNonNull(key, "key");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a metadata key cannot be empty");
            }
            if (key.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a metadata key cannot contain U+0000");
            }
        }
    }
}
