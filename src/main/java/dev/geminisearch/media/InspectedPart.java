package dev.geminisearch.media;

/**
 * What {@link MediaInspector} found out about one part.
 *
 * @param index           zero-based position of the part in the input
 * @param modality        derived from the sniffed type; {@link Modality#TEXT} for text parts
 * @param mimeType        canonical sniffed type (e.g. {@code audio/wav}); {@code text/plain} for text
 * @param sizeBytes       media bytes, or the UTF-8 length of a text
 * @param durationSeconds length of audio or video, null for other modalities
 * @param pageCount       pages of a PDF, null for other modalities
 * @param needsSplitting  true when the part is audio, video or a PDF over one of Gemini's per-request
 *                        limits and must go through {@link MediaSegmenter} before it can be embedded;
 *                        only {@link MediaInspector#inspectForIngest} and {@link MediaInspector#inspectFile}
 *                        set it, {@link MediaInspector#inspect} rejects such parts instead
 */
public record InspectedPart(int index, Modality modality, String mimeType, long sizeBytes,
        Double durationSeconds, Integer pageCount, boolean needsSplitting) {

    /** A part within the limits. */
    public InspectedPart(int index, Modality modality, String mimeType, long sizeBytes, Double durationSeconds,
            Integer pageCount) {
        this(index, modality, mimeType, sizeBytes, durationSeconds, pageCount, false);
    }
}
