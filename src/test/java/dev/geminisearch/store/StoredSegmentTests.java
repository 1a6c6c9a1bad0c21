package dev.geminisearch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The values segments are made of, and the checks every store relies on before it stores one. */
class StoredSegmentTests {

    private static final float[] VECTOR = {0.6f, 0.8f};

    @Test
    void aTimeSpanKeepsItsSecondsAndHasNoPages() {
        StoredSegment segment = StoredSegment.timeSpan(2, 360, 412.5, VECTOR);

        assertThat(segment.isTimeSpan()).isTrue();
        assertThat(segment.startSeconds()).isEqualTo(360.0);
        assertThat(segment.endSeconds()).isEqualTo(412.5);
        assertThat(segment.pageStart()).isNull();
        assertThat(segment.pageEnd()).isNull();
    }

    @Test
    void aPageSpanKeepsItsPagesAndHasNoSeconds() {
        StoredSegment segment = StoredSegment.pageSpan(0, 1, 6, VECTOR);

        assertThat(segment.isTimeSpan()).isFalse();
        assertThat(segment.pageStart()).isEqualTo(1);
        assertThat(segment.pageEnd()).isEqualTo(6);
        assertThat(segment.startSeconds()).isNull();
    }

    @Test
    void aSpanOfOneInstantOrOnePageIsAllowed() {
        assertThat(StoredSegment.timeSpan(0, 5, 5, VECTOR).endSeconds()).isEqualTo(5.0);
        assertThat(StoredSegment.pageSpan(0, 3, 3, VECTOR).pageEnd()).isEqualTo(3);
    }

    @Test
    void rejectsSpansThatEndBeforeTheyStartOrLieOutsideTheMedium() {
        assertThatThrownBy(() -> StoredSegment.timeSpan(0, 10, 9.5, VECTOR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before it starts");
        assertThatThrownBy(() -> StoredSegment.timeSpan(0, -1, 9, VECTOR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredSegment.timeSpan(0, 0, Double.NaN, VECTOR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredSegment.timeSpan(0, 0, Double.POSITIVE_INFINITY, VECTOR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredSegment.pageSpan(0, 0, 6, VECTOR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1-based");
        assertThatThrownBy(() -> StoredSegment.pageSpan(0, 7, 6, VECTOR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredSegment.pageSpan(-1, 1, 6, VECTOR)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBothSpansNeitherSpanOrHalfASpan() {
        assertThatThrownBy(() -> new StoredSegment(0, 0.0, 1.0, 1, 1, VECTOR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("either time or pages");
        assertThatThrownBy(() -> new StoredSegment(0, null, null, null, null, VECTOR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredSegment(0, 0.0, null, null, null, VECTOR))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StoredSegment(0, null, null, null, 4, VECTOR))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void segmentsAreEqualByValueVectorsIncludedAndDropTheirVectorForViews() {
        StoredSegment segment = StoredSegment.timeSpan(1, 0, 1, VECTOR);

        assertThat(segment).isEqualTo(StoredSegment.timeSpan(1, 0, 1, VECTOR.clone()))
                .hasSameHashCodeAs(StoredSegment.timeSpan(1, 0, 1, VECTOR.clone()))
                .isNotEqualTo(StoredSegment.timeSpan(1, 0, 1, new float[] {0.8f, 0.6f}));
        assertThat(segment.withoutVector().vector()).isEmpty();
        assertThat(segment.withoutVector().withVector(VECTOR)).isEqualTo(segment);
    }

    @Test
    void anItemsSegmentsAreNumberedFromZeroInOrder() {
        assertThatThrownBy(() -> item(List.of(StoredSegment.timeSpan(1, 0, 1, VECTOR))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numbered 0, 1, 2");
        assertThatThrownBy(() -> item(List.of(StoredSegment.timeSpan(0, 0, 1, VECTOR), StoredSegment.timeSpan(0, 1, 2, VECTOR))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(item(null).segments()).isEmpty();
    }

    @Test
    void anItemHasAtMostMaxSegments() {
        List<StoredSegment> segments = new ArrayList<>();
        for (int i = 0; i < StoredItem.MAX_SEGMENTS; i++) {
            segments.add(StoredSegment.pageSpan(i, i + 1, i + 1, VECTOR));
        }
        assertThat(item(segments).segments()).hasSize(StoredItem.MAX_SEGMENTS);

        segments.add(StoredSegment.pageSpan(StoredItem.MAX_SEGMENTS, 1, 1, VECTOR));

        assertThatThrownBy(() -> item(segments)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(StoredItem.MAX_SEGMENTS));
    }

    @Test
    void anItemComparesItsSegmentsAndKeepsThemThroughWithVector() {
        StoredItem segmented = item(List.of(StoredSegment.timeSpan(0, 0, 1, VECTOR)));
        StoredItem plain = new StoredItem("id", null, Map.of(), List.of(StoredPart.text("t")), Instant.EPOCH, VECTOR);

        assertThat(segmented.isSegmented()).isTrue();
        assertThat(plain.isSegmented()).isFalse();
        assertThat(segmented).isNotEqualTo(plain).isEqualTo(plain.withSegments(segmented.segments()))
                .hasSameHashCodeAs(plain.withSegments(segmented.segments()));
        assertThat(segmented.withVector(new float[] {1, 0}).segments()).isEqualTo(segmented.segments());
        assertThat(segmented.withoutSegmentVectors().segments().get(0).vector()).isEmpty();
        assertThat(segmented.toString()).contains("segments=1");
    }

    @Test
    void aFileSourceReadsTheFileAsItIsAndAMissingFileFailsAtOnce(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("a.txt"), "twelve bytes");
        ContentSource source = ContentSource.ofFile(file);

        assertThat(source.size()).isEqualTo(12);
        try (InputStream first = source.open(); InputStream again = source.open()) {
            assertThat(first.readAllBytes()).isEqualTo(again.readAllBytes()).isEqualTo("twelve bytes".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> ContentSource.ofFile(directory.resolve("missing")))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void incomingContentPassesOnlyTheDeclaredBytesWithTheClaimedHash() throws IOException {
        byte[] bytes = "original".getBytes(StandardCharsets.UTF_8);
        IncomingContent content = new IncomingContent("item", StoredItems.sha256Hex(bytes), ContentSource.ofBytes(bytes));
        assertThatThrownBy(content::verify).isInstanceOf(IllegalStateException.class);

        try (InputStream in = content.open()) {
            // a reader that stops early: verify reads (and checks) the rest
            assertThat(in.read(new byte[3])).isEqualTo(3);
            content.verify();
        }
        assertThat(content.isVerified()).isTrue();

        IncomingContent other = new IncomingContent("item", StoredItems.sha256Hex(new byte[1]), ContentSource.ofBytes(bytes));
        try (InputStream in = other.open()) {
            in.readAllBytes();
            assertThatThrownBy(other::verify).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHA-256");
        }
        assertThat(other.isVerified()).isFalse();
    }

    private static StoredItem item(List<StoredSegment> segments) {
        return new StoredItem("id", null, Map.of(), List.of(StoredPart.text("t")), Instant.EPOCH, VECTOR, segments);
    }
}
