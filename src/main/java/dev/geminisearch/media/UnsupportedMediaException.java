package dev.geminisearch.media;

/**
 * A media part is of a type Gemini does not embed, is not what it claims to be, or cannot be read
 * as the type its bytes announce (415).
 */
public final class UnsupportedMediaException extends MediaException {

    private final int partIndex;
    private final String declaredType;
    private final String detectedType;

    /**
     * @param partIndex    zero-based position of the part in the input
     * @param declaredType the type the client declared, or null if it declared none
     * @param detectedType the type sniffed from the bytes (Tika's name when it is not supported)
     */
    public UnsupportedMediaException(String message, int partIndex, String declaredType, String detectedType) {
        this(message, partIndex, declaredType, detectedType, null);
    }

    UnsupportedMediaException(String message, int partIndex, String declaredType, String detectedType,
            Throwable cause) {
        super(message, cause);
        this.partIndex = partIndex;
        this.declaredType = declaredType;
        this.detectedType = detectedType;
    }

    /** Zero-based position of the offending part in the input. */
    public int partIndex() {
        return partIndex;
    }

    /** The type the client declared, or null when it declared none. */
    public String declaredType() {
        return declaredType;
    }

    /** The type sniffed from the bytes; never null. */
    public String detectedType() {
        return detectedType;
    }
}
