package dev.geminisearch.media;

import static dev.geminisearch.support.MediaFixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.geminisearch.support.MediaFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSegmenterTests {

    // How far ffprobe's measure of a segment may differ from the span the segment claims.
    private static final double SPAN_TOLERANCE_SECONDS = 1.0;
    private static final double OVERLAP_SECONDS = 5.0;

    @TempDir
    static Path fixtures;

    @TempDir
    Path workRoot;

    private final MediaInspector inspector = new MediaInspector(MediaLimits.gemini());

    private MediaSegmenter segmenter(MediaLimits limits, MediaSegmentProperties properties) {
        return new MediaSegmenter(properties, limits);
    }

    private MediaSegmenter segmenter() {
        return segmenter(MediaLimits.gemini(), properties(Duration.ofHours(4), 2000, "ffmpeg"));
    }

    private MediaSegmentProperties properties(Duration maxDuration, int maxPdfPages, String ffmpeg) {
        MediaSegmentProperties defaults = MediaSegmentProperties.defaults();
        return new MediaSegmentProperties(defaults.videoWindow(), defaults.audioWindow(), Duration.ofSeconds(5), 6, 1,
                maxDuration, maxPdfPages, Path.of(ffmpeg), Path.of(ffmpeg.replace("ffmpeg", "ffprobe")),
                Duration.ofMinutes(2), workRoot);
    }

    @AfterEach
    void leavesNoWorkingFilesBehind() {
        assertThat(workRoot).isEmptyDirectory();
    }

    // --- PDF (no ffmpeg needed) --------------------------------------------------------------------

    @Test
    void splitsATwentyPagePdfIntoOverlappingWindowsOfAtMostSixPagesCoveringEveryPage() throws IOException {
        Path pdf = MediaFixtures.pagedPdf(fixtures, 20);

        List<MediaSegment> segments = segmenter().split(pdf, "application/pdf");

        assertThat(segments).extracting(MediaSegment::pageStart).containsExactly(1, 6, 11, 16);
        assertThat(segments).extracting(MediaSegment::pageEnd).containsExactly(6, 11, 16, 20);
        for (MediaSegment segment : segments) {
            assertThat(segment.mimeType()).isEqualTo("application/pdf");
            assertThat(segment.startSeconds()).isNull();
            List<String> pages = pageTexts(segment.data());
            assertThat(pages).hasSize(segment.pageEnd() - segment.pageStart() + 1).hasSizeLessThanOrEqualTo(6);
            for (int i = 0; i < pages.size(); i++) {
                assertThat(pages.get(i)).contains(MediaFixtures.pageText(segment.pageStart() + i));
            }
            assertThat(inspector.inspect(List.of(segment.toPart())).inspectedParts().get(0).pageCount())
                    .isEqualTo(pages.size());
        }
        assertThat(segments).filteredOn(segment -> segment.pageStart() <= 13 && segment.pageEnd() >= 15)
                .extracting(MediaSegment::index).containsExactly(2);
    }

    @Test
    void givesAPdfWithinTheLimitsAsOneSegmentOfItsOwnBytes() throws IOException {
        Path pdf = Files.write(fixtures.resolve("three.pdf"), bytes("three-pages.pdf"));

        List<MediaSegment> segments = segmenter().split(pdf, "application/x-pdf");

        assertThat(segments).singleElement().satisfies(segment -> {
            assertThat(segment.pageStart()).isEqualTo(1);
            assertThat(segment.pageEnd()).isEqualTo(3);
            assertThat(segment.data()).isEqualTo(bytes("three-pages.pdf"));
        });
    }

    @Test
    void rewritesAShortPdfWhoseDeclaredPageCountLies() throws IOException {
        Path pdf = Files.write(fixtures.resolve("lying.pdf"), MediaFixtures.pdfDeclaringPages(1, 2));

        List<MediaSegment> segments = segmenter().split(pdf, "application/pdf");

        assertThat(segments).singleElement().satisfies(segment -> {
            assertThat(segment.pageEnd()).isEqualTo(2);
            assertThat(inspector.inspect(List.of(segment.toPart())).inspectedParts().get(0).pageCount()).isEqualTo(2);
        });
    }

    @Test
    void refusesAPdfOfMorePagesThanTheSplittingLimit() {
        Path pdf = MediaFixtures.pagedPdf(fixtures, 20);

        assertThatThrownBy(() -> segmenter(MediaLimits.gemini(), properties(Duration.ofHours(4), 10, "ffmpeg"))
                .split(pdf, "application/pdf"))
                .isInstanceOfSatisfying(MediaLimitExceededException.class, e -> {
                    assertThat(e.limitName()).isEqualTo("media.segments.max-pdf-pages");
                    assertThat(e.actual()).isEqualTo(20);
                })
                .hasMessageContaining("20 pages");
    }

    @Test
    void reportsACorruptPdfAsUnsupportedMedia() throws IOException {
        Path pdf = Files.write(fixtures.resolve("corrupt.pdf"), "%PDF-1.7\nthis is not a PDF at all".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> segmenter().split(pdf, "application/pdf"))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageStartingWith("the application/pdf file cannot be split: ");
    }

    @Test
    void splitsPdfsEvenWithoutFfmpeg() {
        Path pdf = MediaFixtures.pagedPdf(fixtures, 20);
        MediaSegmenter withoutFfmpeg = segmenter(MediaLimits.gemini(),
                properties(Duration.ofHours(4), 2000, "/nonexistent/ffmpeg"));

        assertThat(withoutFfmpeg.canSplitAudioVideo()).isFalse();
        assertThat(withoutFfmpeg.split(pdf, "application/pdf")).hasSize(4);
    }

    @Test
    void saysClearlyThatAudioAndVideoCannotBeSplitWithoutFfmpeg() throws IOException {
        Path wav = Files.write(fixtures.resolve("short.wav"), bytes("speech.wav"));
        MediaSegmenter withoutFfmpeg = segmenter(MediaLimits.gemini(),
                properties(Duration.ofHours(4), 2000, "/nonexistent/ffmpeg"));

        assertThatThrownBy(() -> withoutFfmpeg.split(wav, "audio/wav"))
                .isInstanceOf(MediaSplitUnavailableException.class)
                .hasMessage("this server cannot split audio (ffmpeg is not installed); send audio of at most 180 s");
    }

    @Test
    void refusesToSplitImages() throws IOException {
        Path png = Files.write(fixtures.resolve("puppy.png"), bytes("puppy.png"));

        assertThatThrownBy(() -> segmenter().split(png, "image/png"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("image/png");
    }

    @Test
    void stopsAtTheFirstFailureOfTheConsumerAndStillCleansUp() {
        Path pdf = MediaFixtures.pagedPdf(fixtures, 20);
        List<Integer> seen = new ArrayList<>();

        assertThatThrownBy(() -> segmenter().forEachSegment(pdf, "application/pdf", segment -> {
            seen.add(segment.index());
            throw new IllegalStateException("embedding failed");
        })).hasMessage("embedding failed");
        assertThat(seen).containsExactly(0);
    }

    // --- audio and video (ffmpeg) ------------------------------------------------------------------

    @Nested
    class WithFfmpeg {

        @BeforeAll
        static void needsFfmpeg() {
            assumeTrue(MediaFixtures.ffmpegAvailable(), "ffmpeg is not installed (.ci/run installs it); "
                    + "audio and video splitting cannot be shown");
        }

        @Test
        void splitsA150SecondMp4WithOneKeyFrameByReEncodingWhereCopyCannotStart() throws Exception {
            Path mp4 = MediaFixtures.longVideoMp4(fixtures);

            List<MediaSegment> segments = segmenter().split(mp4, "video/mp4");

            assertCoversWithinLimit(segments, "video/mp4", 150, 120);
            // The only key frame is at 0 s: the first window copies from there, the second cannot.
            assertThat(segments).hasSize(2);
            assertThat(segments.get(0).reencoded()).isFalse();
            assertThat(segments.get(1).reencoded()).isTrue();
            assertThat(segments.get(1).startSeconds()).isCloseTo(72.5, within(0.001));
            assertThat(segments.get(0).endSeconds() - segments.get(1).startSeconds())
                    .isCloseTo(OVERLAP_SECONDS, within(0.001));
        }

        @Test
        void cutsA150SecondMovWithFrequentKeyFramesByStreamCopyAtKeyFrames() throws Exception {
            Path mov = MediaFixtures.longVideoMov(fixtures);

            List<MediaSegment> segments = segmenter().split(mov, "video/quicktime");

            assertCoversWithinLimit(segments, "video/quicktime", 150, 120);
            assertThat(segments).hasSize(2).noneMatch(MediaSegment::reencoded);
            // Key frames every 5 s: the second copy starts at the one before the planned 72.5 s.
            assertThat(segments.get(1).startSeconds()).isCloseTo(70.0, within(0.001));
        }

        @Test
        void splitsA200SecondWavIntoExactOverlappingWindows() throws Exception {
            Path wav = MediaFixtures.longWav(fixtures);

            List<MediaSegment> segments = segmenter().split(wav, "audio/wav");

            assertCoversWithinLimit(segments, "audio/wav", 200, 180);
            assertThat(segments).hasSize(2);
            assertThat(segments.get(0).endSeconds() - segments.get(1).startSeconds())
                    .isCloseTo(OVERLAP_SECONDS, within(0.001));
            // PCM in, PCM out: the cut is sample-exact, so the bytes say exactly how long each part is.
            for (MediaSegment segment : segments) {
                assertThat(inspector.inspect(List.of(segment.toPart())).inspectedParts().get(0).durationSeconds())
                        .isCloseTo(segment.endSeconds() - segment.startSeconds(), within(0.001));
            }
        }

        @Test
        void splitsA200SecondMp3ByStreamCopy() throws Exception {
            Path mp3 = MediaFixtures.longMp3(fixtures);

            List<MediaSegment> segments = segmenter().split(mp3, "audio/mpeg");

            assertCoversWithinLimit(segments, "audio/mpeg", 200, 180);
            assertThat(segments).hasSize(2).noneMatch(MediaSegment::reencoded);
        }

        @Test
        void shortensWindowsSoThatEverySegmentStaysUnderTheInlineByteLimit() throws Exception {
            Path wav = MediaFixtures.longWav(fixtures); // 16 KB per second
            long maxInlineBytes = 1024 * 1024;
            MediaLimits smallRequests = new MediaLimits(6, 180, 120, 6, 8192, maxInlineBytes, maxInlineBytes);

            List<MediaSegment> segments = segmenter(smallRequests, properties(Duration.ofHours(4), 2000, "ffmpeg"))
                    .split(wav, "audio/wav");

            assertCoversWithinLimit(segments, "audio/wav", 200, 180);
            assertThat(segments).hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(segment -> assertThat(segment.data().length).isLessThanOrEqualTo((int) maxInlineBytes));
        }

        @Test
        void givesAudioWithinTheLimitAsOneSegmentOfItsOwnBytes() throws IOException {
            Path wav = Files.write(fixtures.resolve("speech.wav"), bytes("speech.wav"));

            List<MediaSegment> segments = segmenter().split(wav, "audio/x-wav");

            assertThat(segments).singleElement().satisfies(segment -> {
                assertThat(segment.mimeType()).isEqualTo("audio/wav");
                assertThat(segment.startSeconds()).isZero();
                assertThat(segment.reencoded()).isFalse();
                assertThat(segment.data()).isEqualTo(bytes("speech.wav"));
            });
        }

        @Test
        void splitsAudioWithinASecondOfTheLimitRatherThanTrustItsProbedLength() throws Exception {
            // ffprobe and the inspector's parsers may disagree by a fraction: 179.5 s is not safely whole.
            Path wav = Files.write(fixtures.resolve("almost-limit.wav"), MediaFixtures.silentWav(179.5));

            List<MediaSegment> segments = segmenter().split(wav, "audio/wav");

            assertCoversWithinLimit(segments, "audio/wav", 179.5, 180);
            assertThat(segments).hasSize(2);
        }

        @Test
        void refusesAudioLongerThanTheSplittingLimit() {
            Path wav = MediaFixtures.longWav(fixtures);

            assertThatThrownBy(() -> segmenter(MediaLimits.gemini(), properties(Duration.ofMinutes(3), 2000, "ffmpeg"))
                    .split(wav, "audio/wav"))
                    .isInstanceOfSatisfying(MediaLimitExceededException.class,
                            e -> assertThat(e.limitName()).isEqualTo("media.segments.max-duration"))
                    .hasMessageContaining("200.0 s");
        }

        @Test
        void reportsAVideoCutOffBeforeItsIndexAsUnsupportedMedia() throws IOException {
            byte[] whole = Files.readAllBytes(MediaFixtures.longVideoMp4(fixtures));
            Path truncated = Files.write(fixtures.resolve("truncated.mp4"), Arrays.copyOf(whole, whole.length / 2));

            assertThatThrownBy(() -> segmenter().split(truncated, "video/mp4"))
                    .isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageStartingWith("the video/mp4 file cannot be split: ffprobe cannot read it")
                    .hasMessageNotContaining(fixtures.toString());
        }

        @Test
        void reportsAVideoWhoseSamplesEndBeforeItsStatedDurationAsUnsupportedMedia() throws IOException {
            // faststart puts the index first: ffprobe believes 150 s, but half the samples are gone.
            Path fastStart = fixtures.resolve("fast-start.mp4");
            ffmpeg("-f", "mov", "-i", MediaFixtures.longVideoMov(fixtures).toString(), "-c", "copy",
                    "-movflags", "+faststart", "-f", "mp4", fastStart.toString());
            byte[] whole = Files.readAllBytes(fastStart);
            Path truncated = Files.write(fixtures.resolve("half.mp4"), Arrays.copyOf(whole, whole.length / 2));

            assertThatThrownBy(() -> segmenter().split(truncated, "video/mp4"))
                    .isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageContaining("truncated?");
        }

        @Test
        void reportsGarbageAsUnsupportedMedia() throws IOException {
            byte[] garbage = new byte[4096];
            Arrays.fill(garbage, (byte) 0x5a);
            Path file = Files.write(fixtures.resolve("garbage.mp3"), garbage);

            assertThatThrownBy(() -> segmenter().split(file, "audio/mpeg"))
                    .isInstanceOf(UnsupportedMediaException.class)
                    .hasMessageStartingWith("the audio/mpeg file cannot be split: ");
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    /**
     * Every segment is a file of the original's type that ffprobe (not the segmenter) measures within
     * the limit and as long as the span it claims; the segments are in order, overlap by at least the
     * configured amount, and cover [0, duration]; the strict inspector accepts each.
     */
    private void assertCoversWithinLimit(List<MediaSegment> segments, String mimeType, double duration, int limit)
            throws Exception {
        assertThat(segments).isNotEmpty();
        assertThat(segments.get(0).startSeconds()).isZero();
        assertThat(segments.get(segments.size() - 1).endSeconds()).isCloseTo(duration, within(SPAN_TOLERANCE_SECONDS));
        for (int i = 0; i < segments.size(); i++) {
            MediaSegment segment = segments.get(i);
            assertThat(segment.index()).isEqualTo(i);
            assertThat(segment.mimeType()).isEqualTo(mimeType);
            double measured = ffprobeSeconds(segment.data(), mimeType);
            assertThat(measured).as("segment %d measured by ffprobe", i).isLessThanOrEqualTo(limit)
                    .isCloseTo(segment.endSeconds() - segment.startSeconds(), within(SPAN_TOLERANCE_SECONDS));
            InspectedPart inspected = inspector.inspect(List.of(segment.toPart())).inspectedParts().get(0);
            assertThat(inspected.mimeType()).isEqualTo(mimeType);
            if (i > 0) {
                MediaSegment previous = segments.get(i - 1);
                assertThat(segment.startSeconds()).isGreaterThan(previous.startSeconds());
                assertThat(previous.endSeconds() - segment.startSeconds()).as("overlap of segments %d and %d", i - 1, i)
                        .isGreaterThanOrEqualTo(OVERLAP_SECONDS - 0.001);
            }
        }
    }

    // The longest stream or container duration with edit lists ignored: samples an edit list hides
    // are still in the file, and Gemini may read them.
    private double ffprobeSeconds(byte[] data, String mimeType) throws Exception {
        Path file = Files.createTempFile(fixtures, "segment-", ".bin");
        try {
            Files.write(file, data);
            boolean isoBaseMedia = mimeType.startsWith("video/");
            List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
            if (isoBaseMedia) {
                command.addAll(List.of("-ignore_editlist", "1"));
            }
            command.addAll(List.of("-show_entries", "format=duration:stream=duration", "-of", "csv=p=0",
                    file.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.equals("N/A"))
                    .mapToDouble(Double::parseDouble).max().orElseThrow();
        } finally {
            Files.delete(file);
        }
    }

    private static void ffmpeg(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static List<String> pageTexts(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> pages = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                pages.add(stripper.getText(document));
            }
            return pages;
        }
    }
}
