package dev.geminisearch.media;

/**
 * An input is over one of Gemini's per-request limits ({@link MediaLimits}) and cannot be embedded as
 * it is (422). The message names the limit and the measured value; the fields carry both for a
 * problem response.
 */
public final class MediaLimitExceededException extends MediaException {

    private final String limitName;
    private final double limit;
    private final double actual;
    private final Integer partIndex;

    /**
     * @param limitName the {@link MediaLimits} component that was exceeded, e.g. {@code maxAudioSeconds}
     * @param limit     the limit, in that component's unit
     * @param actual    what was measured, in the same unit
     * @param partIndex zero-based position of the offending part, or null for a whole-input limit
     */
    public MediaLimitExceededException(String message, String limitName, double limit, double actual,
            Integer partIndex) {
        super(message);
        this.limitName = limitName;
        this.limit = limit;
        this.actual = actual;
        this.partIndex = partIndex;
    }

    /** The exceeded {@link MediaLimits} component, e.g. {@code maxImages} or {@code maxAudioSeconds}. */
    public String limitName() {
        return limitName;
    }

    /** The limit, in the unit its name carries (count, seconds, pages, tokens or bytes). */
    public double limit() {
        return limit;
    }

    /** The measured value, in the same unit as {@link #limit()}. */
    public double actual() {
        return actual;
    }

    /** Zero-based position of the offending part, or null when the limit is over the whole input. */
    public Integer partIndex() {
        return partIndex;
    }
}
