package dev.geminisearch.media;

import dev.geminisearch.embedding.Part;
import java.util.Arrays;
import java.util.Objects;

/**
 * One piece of a long media file, within Gemini's per-request limits: embedded on its own.
 *
 * <p>Audio and video segments carry {@code startSeconds}/{@code endSeconds}, PDF segments
 * {@code pageStart}/{@code pageEnd}; the other pair is null. The span is where the segment's content
 * lies in the original file; consecutive segments overlap.
 *
 * @param index        zero-based position among the file's segments
 * @param mimeType     canonical type of {@code data}, the same as the original's (e.g. {@code video/mp4})
 * @param startSeconds where the segment starts in the original, in seconds; null for a PDF
 * @param endSeconds   where it ends in the original, in seconds; null for a PDF
 * @param pageStart    first page of the original in the segment, 1-based; null for audio and video
 * @param pageEnd      last page of the original in the segment, 1-based and inclusive; null for audio and video
 * @param reencoded    true when the samples were decoded and encoded again to cut exactly where asked,
 *                     false when they were copied as they are (or when the segment is a PDF or the
 *                     whole file)
 * @param data         the segment's bytes: a complete file of {@code mimeType}, not shared
 */
public record MediaSegment(int index, String mimeType, Double startSeconds, Double endSeconds, Integer pageStart,
        Integer pageEnd, boolean reencoded, byte[] data) {

    public MediaSegment {
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(data, "data");
    }

    static MediaSegment ofTime(int index, String mimeType, double startSeconds, double endSeconds, boolean reencoded,
            byte[] data) {
        return new MediaSegment(index, mimeType, startSeconds, endSeconds, null, null, reencoded, data);
    }

    static MediaSegment ofPages(int index, int pageStart, int pageEnd, byte[] data) {
        return new MediaSegment(index, SupportedMediaType.PDF.mimeType(), null, null, pageStart, pageEnd, false, data);
    }

    /** The segment as a media part, ready for {@link MediaInspector#inspect} and embedding. */
    public Part.Media toPart() {
        return new Part.Media(mimeType, data);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MediaSegment segment && index == segment.index && reencoded == segment.reencoded
                && mimeType.equals(segment.mimeType) && Objects.equals(startSeconds, segment.startSeconds)
                && Objects.equals(endSeconds, segment.endSeconds) && Objects.equals(pageStart, segment.pageStart)
                && Objects.equals(pageEnd, segment.pageEnd) && Arrays.equals(data, segment.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, mimeType, startSeconds, endSeconds, pageStart, pageEnd, reencoded)
                * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String span = pageStart != null ? "pages=" + pageStart + "-" + pageEnd : "seconds=" + startSeconds + "-" + endSeconds;
        return "MediaSegment[index=" + index + ", mimeType=" + mimeType + ", " + span + ", reencoded=" + reencoded
                + ", bytes=" + data.length + "]";
    }
}
