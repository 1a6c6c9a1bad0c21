package dev.geminisearch.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits media that is over Gemini's per-request limits into segments that are each within them, so
 * that each can be embedded on its own (issue 5): PDFs into windows of pages (PDFBox), audio and video
 * into overlapping time windows (ffmpeg). Together the segments cover the whole file, in order;
 * {@link MediaSegmentProperties} sets the window sizes and overlaps.
 *
 * <p>Media already within the limits gives exactly one segment holding the file's bytes unchanged
 * (audio and video within a second of the limit are split all the same, because ffprobe and the
 * inspector's parsers may disagree by a fraction of a second).
 * Every segment's duration is measured again by ffprobe on the produced bytes, and its size is checked
 * against the inline limit, so a segment is never over a limit whatever the windows asked for.
 *
 * <p>Each split works in a private folder under {@link MediaSegmentProperties#tempDirectory()} and
 * deletes it before returning, also on failure. Memory holds one segment at a time with
 * {@link #forEachSegment}; {@link #split} holds them all.
 *
 * <p>Whether ffmpeg and ffprobe can be run is checked once, when the segmenter is built, and logged if
 * not; PDFs are split without them. Thread-safe: calls share nothing but settings, although each
 * audio or video split runs ffmpeg processes that use the machine's cores.
 */
public final class MediaSegmenter {

    private static final Logger log = LoggerFactory.getLogger(MediaSegmenter.class);

    private final MediaSegmentProperties properties;
    private final MediaLimits limits;
    private final PdfSplitter pdfSplitter;
    private final AudioVideoSplitter audioVideoSplitter;
    private final String ffmpegUnavailableReason;

    /**
     * @param properties window sizes, overlaps, totals, tools and folders
     * @param limits     Gemini's per-request limits that every segment must respect; windows longer
     *                   than these allow are refused
     * @throws IllegalArgumentException if a window does not fit the limits
     */
    public MediaSegmenter(MediaSegmentProperties properties, MediaLimits limits) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.limits = Objects.requireNonNull(limits, "limits");
        requireWindowWithin("video-window", properties.videoWindow().toSeconds(), limits.maxVideoSeconds());
        requireWindowWithin("audio-window", properties.audioWindow().toSeconds(), limits.maxAudioSeconds());
        Ffmpeg ffmpeg = new Ffmpeg(properties.ffmpeg(), properties.ffprobe(), properties.commandTimeout());
        this.pdfSplitter = new PdfSplitter(properties, limits);
        this.audioVideoSplitter = new AudioVideoSplitter(properties, limits, ffmpeg);
        this.ffmpegUnavailableReason = ffmpeg.unavailableReason();
        if (ffmpegUnavailableReason != null) {
            log.warn("Audio and video over Gemini's limits cannot be split: {}. Install ffmpeg or set "
                    + "MEDIA_SEGMENTS_FFMPEG and MEDIA_SEGMENTS_FFPROBE; PDFs are still split.", ffmpegUnavailableReason);
        }
    }

    /** Whether audio and video can be split here (ffmpeg and ffprobe answered at start-up). */
    public boolean canSplitAudioVideo() {
        return ffmpegUnavailableReason == null;
    }

    /**
     * Splits a file and returns all its segments; see {@link #forEachSegment} for what is checked and
     * thrown. Holds every segment in memory at once: for long files prefer {@link #forEachSegment}.
     *
     * @return the segments in order, at least one
     */
    public List<MediaSegment> split(Path file, String mimeType) {
        List<MediaSegment> segments = new ArrayList<>();
        forEachSegment(file, mimeType, segments::add);
        return List.copyOf(segments);
    }

    /**
     * Splits a file and hands each segment to {@code action} as soon as it is made, in order; only
     * that segment's bytes are held. Work stops at the first exception, which is rethrown after the
     * working folder is deleted.
     *
     * @param file     the media, a regular file that is not changed
     * @param mimeType its type as sniffed by {@link MediaInspector}: a PDF, audio or video type (any
     *                 name {@link MediaInspector} accepts for it)
     * @param action   receives the segments
     * @throws IllegalArgumentException        if the type is not one of PDF, MP3, WAV, MP4 or MOV
     * @throws MediaSplitUnavailableException  for audio or video when ffmpeg or ffprobe cannot be run
     * @throws UnsupportedMediaException       if the file cannot be read or cut as its type (corrupt,
     *                                         truncated, password-protected)
     * @throws MediaLimitExceededException     if the file is longer than {@code media.segments.max-duration},
     *                                         has more pages than {@code media.segments.max-pdf-pages},
     *                                         or a segment would still be over a byte limit
     * @throws UncheckedIOException            if the working folder cannot be written
     */
    public void forEachSegment(Path file, String mimeType, Consumer<MediaSegment> action) {
        forEachSegment(file, mimeType, planned -> { }, action);
    }

    /**
     * {@link #forEachSegment(Path, String, Consumer)}, first telling {@code planned} how many
     * segments the file will give (for progress), once the file is measured and before the first
     * segment is cut.
     */
    public void forEachSegment(Path file, String mimeType, IntConsumer planned, Consumer<MediaSegment> action) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(action, "action");
        SupportedMediaType type = SupportedMediaType.forName(Objects.requireNonNull(mimeType, "mimeType"))
                .filter(supported -> supported.modality() != Modality.IMAGE)
                .orElseThrow(() -> new IllegalArgumentException("cannot split " + mimeType
                        + "; only PDF, audio and video are split"));
        if (type != SupportedMediaType.PDF && !canSplitAudioVideo()) {
            throw unavailable(type);
        }
        Path workDir = createWorkDir();
        try {
            if (type == SupportedMediaType.PDF) {
                pdfSplitter.split(file, workDir, planned, action);
            } else {
                audioVideoSplitter.split(file, type, workDir, planned, action);
            }
        } catch (Ffmpeg.MissingException e) {
            log.warn("ffmpeg or ffprobe vanished after start-up: {}", e.getMessage());
            throw unavailable(type);
        } catch (IOException e) {
            throw new UncheckedIOException("splitting " + type.mimeType() + " failed in " + workDir, e);
        } finally {
            deleteRecursively(workDir);
        }
    }

    private MediaSplitUnavailableException unavailable(SupportedMediaType type) {
        return new MediaSplitUnavailableException("this server cannot split " + type.modality().wireName()
                + " (ffmpeg is not installed); send " + type.modality().wireName() + " of at most "
                + (type.modality() == Modality.VIDEO ? limits.maxVideoSeconds() : limits.maxAudioSeconds()) + " s");
    }

    private static void requireWindowWithin(String name, long windowSeconds, int limitSeconds) {
        if (windowSeconds > limitSeconds - MediaSegmentProperties.LIMIT_MARGIN_SECONDS) {
            throw new IllegalArgumentException("media.segments." + name + " is " + windowSeconds + " s, too close to "
                    + "the limit of " + limitSeconds + " s");
        }
    }

    // Owner-only where the file system has POSIX permissions: the folder holds a copy of client media.
    private Path createWorkDir() {
        try {
            Path root = properties.workRoot();
            Files.createDirectories(root);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempDirectory(root, "segments-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return Files.createTempDirectory(root, "segments-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working folder under " + properties.workRoot(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete the working folder {}: {}", dir, e.getMessage());
        }
    }
}
