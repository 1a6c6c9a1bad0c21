package dev.geminisearch.media;

import static dev.geminisearch.support.MediaFixtures.bytes;
import static dev.geminisearch.support.MediaFixtures.silentWav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.geminisearch.embedding.Part;
import dev.geminisearch.support.MediaFixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ingest accepts media over the per-request limits, flagged for splitting; {@code inspect} still refuses it. */
class MediaInspectorIngestTests {

    private final MediaInspector inspector = new MediaInspector(MediaLimits.gemini());

    @TempDir
    Path dir;

    private static Part.Media media(String fixture) {
        return new Part.Media(null, bytes(fixture));
    }

    private Path file(String fixture) throws IOException {
        return Files.write(dir.resolve(fixture), bytes(fixture));
    }

    // --- parts in memory ---------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "long-audio.mp3, audio/mpeg, maxAudioSeconds",
            "long-video.mp4, video/mp4, maxVideoSeconds",
            "seven-pages.pdf, application/pdf, maxPdfPages"})
    void flagsMediaOverADurationOrPageLimitWhereInspectRejectsIt(String fixture, String mimeType, String limit) {
        InspectedInput input = inspector.inspectForIngest(List.of(new Part.Text("a caption"), media(fixture)));

        assertThat(input.needsSplitting()).isTrue();
        assertThat(input.inspectedParts().get(0).needsSplitting()).isFalse();
        assertThat(input.inspectedParts().get(1)).satisfies(part -> {
            assertThat(part.needsSplitting()).isTrue();
            assertThat(part.mimeType()).isEqualTo(mimeType);
        });
        assertThatThrownBy(() -> inspector.inspect(List.of(media(fixture))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> assertThat(e.limitName()).isEqualTo(limit));
    }

    @Test
    void reportsTheMeasuredLengthOfWhatMustBeSplit() {
        InspectedInput input = inspector.inspectForIngest(List.of(media("long-audio.mp3"), media("seven-pages.pdf")));

        assertThat(input.inspectedParts().get(0).durationSeconds()).isCloseTo(190, within(1.0));
        assertThat(input.inspectedParts().get(1).pageCount()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"puppy.png", "speech.wav", "tone.mp3", "clip.mp4", "clip.mov", "three-pages.pdf"})
    void givesExactlyWhatInspectGivesForMediaWithinTheLimits(String fixture) {
        List<Part> parts = List.of(media(fixture), new Part.Text("caption"));

        InspectedInput input = inspector.inspectForIngest(parts);

        assertThat(input).isEqualTo(inspector.inspect(parts));
        assertThat(input.needsSplitting()).isFalse();
    }

    @Test
    void stillRejectsWhatSplittingCannotHelp() {
        List<Part> sevenImages = java.util.Collections.nCopies(7, media("puppy.png"));
        assertThatThrownBy(() -> inspector.inspectForIngest(sevenImages))
                .isInstanceOfSatisfying(MediaLimitExceededException.class,
                        e -> assertThat(e.limitName()).isEqualTo("maxImages"));
        assertThatThrownBy(() -> inspector.inspectForIngest(List.of(new Part.Media(null, bytes("food.jpg")),
                new Part.Text("word ".repeat(9000)))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class,
                        e -> assertThat(e.limitName()).isEqualTo("maxTextTokens"));
        byte[] truncatedWav = Arrays.copyOf(silentWav(200), 1000);
        assertThatThrownBy(() -> inspector.inspectForIngest(List.of(new Part.Media(null, truncatedWav))))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("truncated?");
        assertThatThrownBy(() -> inspector.inspectForIngest(List.of(new Part.Media("audio/wav", bytes("tone.mp3")))))
                .isInstanceOf(UnsupportedMediaException.class);
    }

    @Test
    void leavesPartsToBeSplitOutOfTheInlineByteTotal() {
        long longAudioBytes = bytes("long-audio.mp3").length;
        long speechBytes = bytes("speech.wav").length;
        // Room for the speech, not for both: inspect rejects the pair on bytes before looking at durations.
        MediaLimits limits = new MediaLimits(6, 180, 120, 6, 8192, speechBytes + 1000, 50L << 20);
        MediaInspector tight = new MediaInspector(limits);
        List<Part> parts = List.of(media("long-audio.mp3"), media("speech.wav"));

        assertThatThrownBy(() -> tight.inspect(parts))
                .isInstanceOfSatisfying(MediaLimitExceededException.class,
                        e -> assertThat(e.actual()).isEqualTo(longAudioBytes + speechBytes));
        assertThat(tight.inspectForIngest(parts).inspectedParts())
                .extracting(InspectedPart::needsSplitting).containsExactly(true, false);
        assertThatThrownBy(() -> tight.inspectForIngest(List.of(media("long-audio.mp3"), media("speech.wav"),
                media("tone.mp3"))))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e.limitName()).isEqualTo("maxInlineBytes");
                    assertThat(e.actual()).isEqualTo(speechBytes + bytes("tone.mp3").length);
                });
    }

    @Test
    void flagsAPdfOverThePdfByteLimitEvenWithFewPages() {
        long pdfBytes = bytes("three-pages.pdf").length;
        MediaInspector tight = new MediaInspector(new MediaLimits(6, 180, 120, 6, 8192, 100L << 20, pdfBytes - 1));

        assertThat(tight.inspectForIngest(List.of(media("three-pages.pdf"))).inspectedParts().get(0).needsSplitting())
                .isTrue();
    }

    // --- one file on disk --------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"puppy.png", "food.jpg", "speech.wav", "tone.mp3", "clip.mp4", "clip.mov",
            "three-pages.pdf", "long-audio.mp3", "long-video.mp4", "seven-pages.pdf"})
    void measuresAFileOnDiskAsItsBytesAreMeasured(String fixture) throws IOException {
        InspectedPart fromFile = inspector.inspectFile(file(fixture), null);

        assertThat(fromFile).isEqualTo(inspector.inspectForIngest(List.of(media(fixture))).inspectedParts().get(0));
    }

    @Test
    void flagsALongWavOnDisk() throws IOException {
        Path wav = Files.write(dir.resolve("long.wav"), silentWav(200));

        InspectedPart part = inspector.inspectFile(wav, "audio/x-wav");

        assertThat(part.mimeType()).isEqualTo("audio/wav");
        assertThat(part.durationSeconds()).isCloseTo(200, within(0.001));
        assertThat(part.needsSplitting()).isTrue();
    }

    @Test
    void measuresAWavTooLargeForAnyArrayWithoutReadingIt() throws IOException {
        // 2.5 GB of 8 kHz 8-bit mono: more than a Java array can hold, so it can only be measured from
        // its header. The file is sparse, so it takes no disk space.
        long dataBytes = 2_500_000_000L;
        Path wav = dir.resolve("huge.wav");
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(8000)
                .putShort((short) 1).putShort((short) 8).put("data".getBytes()).putInt((int) dataBytes);
        try (RandomAccessFile out = new RandomAccessFile(wav.toFile(), "rw")) {
            out.write(header.array());
            out.setLength(44 + dataBytes);
        }

        InspectedPart part = inspector.inspectFile(wav, null);

        assertThat(part.sizeBytes()).isEqualTo(44 + dataBytes);
        assertThat(part.durationSeconds()).isCloseTo(312_500, within(0.001));
        assertThat(part.needsSplitting()).isTrue();
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.mp4"));

        assertThatThrownBy(() -> inspector.inspectFile(empty, "video/mp4"))
                .isInstanceOf(InvalidPartException.class)
                .hasMessage("part 1 has no bytes");
    }

    @Test
    void rejectsAFileWhoseBytesContradictTheDeclaredType() throws IOException {
        Path pdf = file("three-pages.pdf");

        assertThatThrownBy(() -> inspector.inspectFile(pdf, "video/mp4"))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessage("part 1 declares video/mp4 but its bytes are application/pdf");
    }

    @Test
    void rejectsATruncatedFileAsTheBytePathDoes() throws IOException {
        byte[] truncated = Arrays.copyOf(silentWav(200), 1000);
        Path wav = Files.write(dir.resolve("truncated.wav"), truncated);

        assertThatThrownBy(() -> inspector.inspectFile(wav, null))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessage(catchMessage(() -> inspector.inspectForIngest(List.of(new Part.Media(null, truncated)))));
    }

    @Test
    void rejectsAnImageFileOverTheInlineByteLimit() throws IOException {
        long pngBytes = bytes("puppy.png").length;
        MediaInspector tight = new MediaInspector(new MediaLimits(6, 180, 120, 6, 8192, pngBytes - 1, 50L << 20));
        Path png = file("puppy.png");

        assertThatThrownBy(() -> tight.inspectFile(png, null))
                .isInstanceOfSatisfying(MediaLimitExceededException.class,
                        e -> assertThat(e.limitName()).isEqualTo("maxInlineBytes"));
    }

    @Test
    void aPagedPdfOnDiskIsFlaggedWithItsPageCount() {
        Path pdf = MediaFixtures.pagedPdf(dir, 20);

        InspectedPart part = inspector.inspectFile(pdf, "application/pdf");

        assertThat(part.pageCount()).isEqualTo(20);
        assertThat(part.needsSplitting()).isTrue();
    }

    private static String catchMessage(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }
}
