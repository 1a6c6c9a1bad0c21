package dev.geminisearch.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One piece of a long medium (a stretch of audio or video, a run of PDF pages) that was embedded
 * on its own, because Gemini embeds at most 180 s of audio, 120 s of video or 6 pages per request.
 * A segmented item is ranked by its best segment; see {@link VectorStore#search}.
 *
 * <p>A segment spans either time or pages, never both: {@code startSeconds}/{@code endSeconds}
 * are set for audio and video (and the page fields null), {@code pageStart}/{@code pageEnd} for
 * documents (and the time fields null).
 *
 * @param index        position among the item's segments, 0-based; an item's segments are 0, 1, 2, ...
 * @param startSeconds where a time span starts, finite and at least 0; null for a page span
 * @param endSeconds   where a time span ends, finite and at least {@code startSeconds}; null for a page span
 * @param pageStart    first page of a page span, 1-based; null for a time span
 * @param pageEnd      last page of a page span, inclusive, at least {@code pageStart}; null for a time span
 * @param vector       the L2-normalised embedding of the segment, of the store's dimensions; empty
 *                     (never null) in a view that leaves vectors out, see {@link #withoutVector()}
 */
public record StoredSegment(int index, Double startSeconds, Double endSeconds, Integer pageStart, Integer pageEnd,
                            float[] vector) {

    private static final float[] NO_VECTOR = new float[0];

    public StoredSegment {
        Objects.requireNonNull(vector, "vector");
        if (index < 0) {
            throw new IllegalArgumentException("a segment index is at least 0, was " + index);
        }
        boolean time = startSeconds != null || endSeconds != null;
        boolean pages = pageStart != null || pageEnd != null;
        if (time == pages) {
            throw new IllegalArgumentException("segment " + index + " spans either time or pages, not both or neither");
        }
        if (time) {
            if (startSeconds == null || endSeconds == null) {
                throw new IllegalArgumentException("the time span of segment " + index + " needs a start and an end");
            }
            if (!Double.isFinite(startSeconds) || !Double.isFinite(endSeconds) || startSeconds < 0) {
                throw new IllegalArgumentException("the time span of segment " + index + " must be finite and start at "
                        + "0 s or later, was " + startSeconds + " to " + endSeconds);
            }
            if (endSeconds < startSeconds) {
                throw new IllegalArgumentException("segment " + index + " ends (" + endSeconds + " s) before it starts ("
                        + startSeconds + " s)");
            }
        } else {
            if (pageStart == null || pageEnd == null) {
                throw new IllegalArgumentException("the page span of segment " + index + " needs a first and a last page");
            }
            if (pageStart < 1 || pageEnd < pageStart) {
                throw new IllegalArgumentException("the pages of segment " + index + " must be 1-based with the last "
                        + "not before the first, were " + pageStart + " to " + pageEnd);
            }
        }
    }

    /** A stretch of audio or video, {@code startSeconds} to {@code endSeconds}. */
    public static StoredSegment timeSpan(int index, double startSeconds, double endSeconds, float[] vector) {
        return new StoredSegment(index, startSeconds, endSeconds, null, null, vector);
    }

    /** Pages {@code firstPage} to {@code lastPage} (1-based, inclusive) of a document. */
    public static StoredSegment pageSpan(int index, int firstPage, int lastPage, float[] vector) {
        return new StoredSegment(index, null, null, firstPage, lastPage, vector);
    }

    /** Whether this segment spans time (audio, video) rather than pages. */
    public boolean isTimeSpan() {
        return startSeconds != null;
    }

    /** The same span with another vector (used by stores that keep vectors apart). */
    public StoredSegment withVector(float[] newVector) {
        return new StoredSegment(index, startSeconds, endSeconds, pageStart, pageEnd, newVector);
    }

    /** The same span with an empty vector, for views that show where a segment is, not its embedding. */
    public StoredSegment withoutVector() {
        return vector.length == 0 ? this : withVector(NO_VECTOR);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredSegment that && index == that.index
                && Objects.equals(startSeconds, that.startSeconds) && Objects.equals(endSeconds, that.endSeconds)
                && Objects.equals(pageStart, that.pageStart) && Objects.equals(pageEnd, that.pageEnd)
                && Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, startSeconds, endSeconds, pageStart, pageEnd) * 31 + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        String span = isTimeSpan() ? startSeconds + "s-" + endSeconds + "s" : "pages " + pageStart + "-" + pageEnd;
        return "StoredSegment[index=" + index + ", " + span + ", dimensions=" + vector.length + "]";
    }
}
