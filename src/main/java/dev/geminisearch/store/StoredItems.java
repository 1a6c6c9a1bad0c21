package dev.geminisearch.store;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks and encodings every {@link VectorStore} applies alike, so that all stores accept,
 * normalise and page through items the same way (the contract tests hold them to it).
 */
public final class StoredItems {

    private static final Pattern CONTENT_HASH = Pattern.compile("[0-9a-f]{64}");

    private StoredItems() {
    }

    /** Whether this is a SHA-256 in lower-case hex, the form content hashes take. */
    public static boolean isContentHash(String contentHash) {
        return contentHash != null && CONTENT_HASH.matcher(contentHash).matches();
    }

    /**
     * The item as a store keeps it: checked (non-empty id, dimensions of its vector and of every
     * segment vector) with its metadata normalised (integral numbers to {@code Long}, others to
     * {@code Double}) and its vectors copied.
     *
     * @throws IllegalArgumentException for an empty id, a wrong dimension or non-scalar metadata
     */
    public static StoredItem accept(StoredItem item, int dimensions) {
        Objects.requireNonNull(item, "item");
        if (item.id().isEmpty()) {
            throw new IllegalArgumentException("an item id must not be empty");
        }
        checkDimensions(item.vector(), dimensions, "the vector of item '" + item.id() + "'");
        List<StoredSegment> segments = new ArrayList<>(item.segments().size());
        for (StoredSegment segment : item.segments()) {
            checkDimensions(segment.vector(), dimensions, "the vector of segment " + segment.index() + " of item '"
                    + item.id() + "'");
            segments.add(segment.withVector(segment.vector().clone()));
        }
        return new StoredItem(item.id(), item.title(), normaliseMetadata(item.id(), item.metadata()), item.parts(),
                item.createdAt(), item.vector().clone(), segments);
    }

    public static void checkDimensions(float[] vector, int dimensions, String what) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions, but this store holds "
                    + dimensions + "-dimension vectors");
        }
    }

    private static Map<String, Object> normaliseMetadata(String id, Map<String, Object> metadata) {
        Map<String, Object> normalised = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            String key = entry.getKey();
            if (key == null) {
                throw new IllegalArgumentException("item '" + id + "' has a metadata entry without a key");
            }
            normalised.put(key, normaliseValue(id, key, entry.getValue()));
        }
        return normalised;
    }

    private static Object normaliseValue(String id, String key, Object value) {
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            if (big.bitLength() < Long.SIZE) {
                return big.longValue();
            }
            throw new IllegalArgumentException("metadata '" + key + "' of item '" + id + "' does not fit in 64 bits");
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new IllegalArgumentException("metadata '" + key + "' of item '" + id + "' is "
                + (value == null ? "null" : "a " + value.getClass().getSimpleName())
                + "; values must be strings, numbers or booleans");
    }

    /** The distinct content hashes of the item's media parts, checked for form. */
    public static Set<String> contentHashes(StoredItem item) {
        if (item.parts().stream().noneMatch(StoredPart::isMedia)) {
            // most items are text only; the index keeps this set per item, so no empty set per item
            return Set.of();
        }
        Set<String> hashes = new LinkedHashSet<>();
        for (StoredPart part : item.parts()) {
            if (!part.isMedia()) {
                continue;
            }
            if (!CONTENT_HASH.matcher(part.contentHash()).matches()) {
                throw new IllegalArgumentException("item '" + item.id() + "' has content hash '" + part.contentHash()
                        + "'; expected 64 lower-case hex digits (SHA-256)");
            }
            hashes.add(part.contentHash());
        }
        return Collections.unmodifiableSet(hashes);
    }

    /**
     * What keyword search matches an item by: its title and the text of its text parts, in part
     * order, joined by single spaces; empty when the item has neither. Every store indexes exactly
     * this text (the pgvector migration that backfills old rows joins the same words alike).
     */
    public static String searchText(StoredItem item) {
        StringBuilder text = new StringBuilder();
        if (item.title() != null) {
            text.append(item.title());
        }
        for (StoredPart part : item.parts()) {
            if (part.text() != null) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(part.text());
            }
        }
        return text.toString();
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    /** The opaque listing cursor that points after this id. */
    public static String encodeCursor(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The id a listing cursor points after.
     *
     * @throws InvalidCursorException for a cursor no store issued
     */
    public static String decodeCursor(String cursor) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            String id = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            if (id.isEmpty()) {
                throw new InvalidCursorException(cursor);
            }
            return id;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new InvalidCursorException(cursor);
        }
    }

}
