package dev.geminisearch.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.geminisearch.store.StoredSegment;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One segment of a long item: a stretch of audio or video, or a window of PDF pages.
 *
 * @param index        position among the item's segments, from 0
 * @param startSeconds where it starts in the original (audio, video)
 * @param endSeconds   where it ends (audio, video)
 * @param pageStart    its first page, from 1 (PDF)
 * @param pageEnd      its last page, inclusive (PDF)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A segment of long media: startSeconds/endSeconds for audio and video, pageStart/pageEnd "
        + "(1-based, inclusive) for PDFs. Consecutive segments overlap a little.")
public record SegmentView(
        @Schema(example = "2") int index,
        @Schema(example = "210.0") Double startSeconds,
        @Schema(example = "320.0") Double endSeconds,
        @Schema(example = "11") Integer pageStart,
        @Schema(example = "16") Integer pageEnd) {

    static SegmentView of(StoredSegment segment) {
        return segment == null ? null : new SegmentView(segment.index(), segment.startSeconds(), segment.endSeconds(),
                segment.pageStart(), segment.pageEnd());
    }
}
