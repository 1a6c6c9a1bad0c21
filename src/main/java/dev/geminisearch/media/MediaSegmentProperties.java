package dev.geminisearch.media;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How {@link MediaSegmenter} cuts media that is over Gemini's per-request limits into segments that
 * are each embedded on their own. Checked when built, so that a bad value stops start-up naming the
 * property.
 *
 * <p>A segment may run a little longer than its window (stream copy starts at the key frame before
 * the window), so windows must stay {@value #LIMIT_MARGIN_SECONDS} s under Gemini's limit: 118 s of
 * video, 178 s of audio at most.
 *
 * @param videoWindow       length of a video segment (MP4, MOV); at most 118 s (MEDIA_SEGMENTS_VIDEO_WINDOW)
 * @param audioWindow       length of an audio segment (MP3, WAV); at most 178 s (MEDIA_SEGMENTS_AUDIO_WINDOW)
 * @param overlap           how long consecutive audio or video segments share, so that a sentence or
 *                          shot cut by one boundary is whole in the neighbouring segment; at most a
 *                          quarter of either window (MEDIA_SEGMENTS_OVERLAP)
 * @param pdfPagesPerWindow pages of a PDF segment, 1..6 (MEDIA_SEGMENTS_PDF_PAGES_PER_WINDOW)
 * @param pdfPageOverlap    pages consecutive PDF segments share, below {@code pdfPagesPerWindow}
 *                          (MEDIA_SEGMENTS_PDF_PAGE_OVERLAP). The default 1 puts every page break
 *                          inside some segment, so a paragraph or table running onto the next page
 *                          is seen whole once, for one extra segment in five.
 * @param maxDuration       longest audio or video accepted for splitting (MEDIA_SEGMENTS_MAX_DURATION);
 *                          4 h makes about 130 video segments, each a Gemini call
 * @param maxPdfPages       most pages of a PDF accepted for splitting (MEDIA_SEGMENTS_MAX_PDF_PAGES)
 * @param ffmpeg            the ffmpeg executable; a bare name is looked up on PATH (MEDIA_SEGMENTS_FFMPEG)
 * @param ffprobe           the ffprobe executable; a bare name is looked up on PATH (MEDIA_SEGMENTS_FFPROBE)
 * @param commandTimeout    longest one ffmpeg or ffprobe run may take before it is killed
 *                          (MEDIA_SEGMENTS_COMMAND_TIMEOUT); re-encoding two minutes of HD video on
 *                          one core takes about a minute
 * @param tempDirectory     where each split gets its private working folder, deleted afterwards;
 *                          null for the JVM's temporary directory (MEDIA_SEGMENTS_TEMP_DIRECTORY)
 * @param maxSegmentSize    largest audio or video segment in bytes (MEDIA_SEGMENTS_MAX_SEGMENT_SIZE): a
 *                          high-bitrate file gets shorter windows. The Gemini SDK holds about eight copies
 *                          of a segment while sending it, so this bounds the heap a segment costs; null
 *                          for the default 32 MB
 */
@ConfigurationProperties("media.segments")
public record MediaSegmentProperties(
        @DefaultValue("110s") Duration videoWindow,
        @DefaultValue("170s") Duration audioWindow,
        @DefaultValue("5s") Duration overlap,
        @DefaultValue("6") int pdfPagesPerWindow,
        @DefaultValue("1") int pdfPageOverlap,
        @DefaultValue("4h") Duration maxDuration,
        @DefaultValue("2000") int maxPdfPages,
        @DefaultValue("ffmpeg") Path ffmpeg,
        @DefaultValue("ffprobe") Path ffprobe,
        @DefaultValue("10m") Duration commandTimeout,
        Path tempDirectory,
        @DefaultValue("32MB") DataSize maxSegmentSize) {

    private static final DataSize DEFAULT_MAX_SEGMENT_SIZE = DataSize.ofMegabytes(32);

    /** The properties before {@code maxSegmentSize} existed, with its default. */
    public MediaSegmentProperties(Duration videoWindow, Duration audioWindow, Duration overlap, int pdfPagesPerWindow,
                                  int pdfPageOverlap, Duration maxDuration, int maxPdfPages, Path ffmpeg, Path ffprobe,
                                  Duration commandTimeout, Path tempDirectory) {
        this(videoWindow, audioWindow, overlap, pdfPagesPerWindow, pdfPageOverlap, maxDuration, maxPdfPages, ffmpeg, ffprobe,
                commandTimeout, tempDirectory, DEFAULT_MAX_SEGMENT_SIZE);
    }

    /** How far under Gemini's duration limits a window must stay. */
    public static final int LIMIT_MARGIN_SECONDS = 2;

    private static final Duration MIN_WINDOW = Duration.ofSeconds(10);

    @ConstructorBinding
    public MediaSegmentProperties {
        if (maxSegmentSize == null) {
            maxSegmentSize = DEFAULT_MAX_SEGMENT_SIZE;
        }
        require(maxSegmentSize.toBytes() >= DataSize.ofMegabytes(1).toBytes(), "max-segment-size", maxSegmentSize,
                "must be at least 1MB");
        MediaLimits gemini = MediaLimits.gemini();
        requireWindow("video-window", videoWindow, gemini.maxVideoSeconds());
        requireWindow("audio-window", audioWindow, gemini.maxAudioSeconds());
        require(overlap != null && !overlap.isNegative(), "overlap", overlap, "must be 0 s or more");
        require(overlap.multipliedBy(4).compareTo(videoWindow) <= 0 && overlap.multipliedBy(4).compareTo(audioWindow) <= 0,
                "overlap", overlap, "must be at most a quarter of video-window and audio-window");
        require(pdfPagesPerWindow >= 1 && pdfPagesPerWindow <= gemini.maxPdfPages(), "pdf-pages-per-window",
                pdfPagesPerWindow, "must be within 1.." + gemini.maxPdfPages() + " (Gemini reads at most "
                        + gemini.maxPdfPages() + " pages per PDF)");
        require(pdfPageOverlap >= 0 && pdfPageOverlap < pdfPagesPerWindow, "pdf-page-overlap", pdfPageOverlap,
                "must be 0 or more and below pdf-pages-per-window (" + pdfPagesPerWindow + ")");
        require(maxDuration != null && maxDuration.compareTo(videoWindow) > 0 && maxDuration.compareTo(audioWindow) > 0,
                "max-duration", maxDuration, "must be longer than both windows");
        require(maxPdfPages > gemini.maxPdfPages(), "max-pdf-pages", maxPdfPages,
                "must be more than " + gemini.maxPdfPages());
        require(ffmpeg != null && !ffmpeg.toString().isBlank(), "ffmpeg", ffmpeg, "must name the ffmpeg executable");
        require(ffprobe != null && !ffprobe.toString().isBlank(), "ffprobe", ffprobe, "must name the ffprobe executable");
        require(commandTimeout != null && commandTimeout.compareTo(Duration.ofSeconds(1)) >= 0, "command-timeout",
                commandTimeout, "must be at least 1 s");
    }

    /** The defaults above, for code that is not given properties by Spring. */
    public static MediaSegmentProperties defaults() {
        return new MediaSegmentProperties(Duration.ofSeconds(110), Duration.ofSeconds(170), Duration.ofSeconds(5), 6, 1,
                Duration.ofHours(4), 2000, Path.of("ffmpeg"), Path.of("ffprobe"), Duration.ofMinutes(10), null);
    }

    /** The folder that receives the private working folders: {@link #tempDirectory()} or the JVM's. */
    public Path workRoot() {
        return tempDirectory != null ? tempDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static void requireWindow(String name, Duration window, int limitSeconds) {
        Duration max = Duration.ofSeconds(limitSeconds - LIMIT_MARGIN_SECONDS);
        require(window != null && window.compareTo(MIN_WINDOW) >= 0 && window.compareTo(max) <= 0, name, window,
                "must be within " + MIN_WINDOW.toSeconds() + ".." + max.toSeconds() + " s (Gemini takes at most "
                        + limitSeconds + " s, and a copied segment may run a little longer than its window)");
    }

    private static void require(boolean valid, String name, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException("media.segments." + name + " " + rule + " but was " + value);
        }
    }
}
