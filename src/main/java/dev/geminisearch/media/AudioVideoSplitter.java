package dev.geminisearch.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts audio and video into overlapping time windows with ffmpeg, each within Gemini's duration
 * limit. Thread-safe: it holds only settings; every split works in its own folder.
 *
 * <p>How each window is cut:
 * <ul>
 * <li>MP4 and MOV: stream copy from the last key frame at or before the window's start, when the
 * copy stays within the limit; copying cannot start between key frames, so a file with rare key
 * frames would give segments far longer than asked. Otherwise the window is re-encoded (H.264 and
 * AAC) with exact cut points.</li>
 * <li>MP3: stream copy, which is accurate to a frame (26 ms); re-encoded with LAME if the copy
 * somehow comes out wrong.</li>
 * <li>WAV: always "re-encoded" into the same PCM format, which is a sample-exact cut at the cost of a
 * copy (ffmpeg's WAV reader copies in blocks of up to half a second).</li>
 * </ul>
 * Every produced file is measured again with ffprobe, edit lists ignored: a copy that hides an
 * earlier start behind an edit list still holds all those samples and Gemini may read them all.
 */
final class AudioVideoSplitter {

    private static final Logger log = LoggerFactory.getLogger(AudioVideoSplitter.class);

    // How far a produced segment may differ from the span it was asked for: covers a frame of a 1 fps
    // video, AAC and MP3 priming samples, and MP3's 26 ms frames.
    private static final double TOLERANCE_SECONDS = 1.0;
    // Seeking to a key frame's printed time could land on the key frame before it when the printed
    // time is rounded down; a millisecond later is still before any next key frame.
    private static final double KEYFRAME_NUDGE_SECONDS = 0.001;
    // Windows are shortened so that a segment of average bitrate uses at most this share of the
    // inline limit; bitrate varies along a file, and every segment is checked afterwards anyway.
    private static final double INLINE_BYTES_SHARE = 0.8;

    private final MediaSegmentProperties properties;
    private final MediaLimits limits;
    private final Ffmpeg ffmpeg;

    AudioVideoSplitter(MediaSegmentProperties properties, MediaLimits limits, Ffmpeg ffmpeg) {
        this.properties = properties;
        this.limits = limits;
        this.ffmpeg = ffmpeg;
    }

    /** A planned window, in seconds of the original. */
    record Window(double start, double end) {
    }

    /**
     * Windows of at most {@code window} seconds covering [0, duration], each starting {@code overlap}
     * before the previous one ends. All windows get the same length (the fewest windows that fit,
     * stretched to cover the file), so that no segment is a scrap of a few seconds.
     */
    static List<Window> plan(double duration, double window, double overlap) {
        long durationMs = Math.round(duration * 1000);
        long windowMs = (long) Math.floor(window * 1000);
        long overlapMs = Math.round(overlap * 1000);
        if (durationMs <= windowMs) {
            return List.of(new Window(0, duration));
        }
        long count = ceilDiv(durationMs - overlapMs, windowMs - overlapMs);
        long lengthMs = ceilDiv(durationMs + (count - 1) * overlapMs, count);
        List<Window> windows = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long startMs = i * (lengthMs - overlapMs);
            boolean last = i == count - 1;
            windows.add(new Window(startMs / 1000.0, last ? duration : Math.min(startMs + lengthMs, durationMs) / 1000.0));
        }
        return windows;
    }

    void split(Path file, SupportedMediaType type, Path workDir, IntConsumer segmentCount, Consumer<MediaSegment> sink)
            throws IOException, Ffmpeg.MissingException {
        Format format = Format.of(type);
        Ffmpeg.Probe source = probe(file, format, false, workDir, type);
        Double probed = source.durationSeconds();
        if (probed == null || !(probed > 0) || source.streams().isEmpty()) {
            throw unreadable(type, "ffprobe finds no duration or no streams in it", null);
        }
        double duration = probed;
        int limitSeconds = type.modality() == Modality.VIDEO ? limits.maxVideoSeconds() : limits.maxAudioSeconds();
        long size = Files.size(file);
        // A second's margin: ffprobe and the inspector's parsers may disagree by a fraction, and a file
        // the inspector found over the limit must not come back whole.
        if (duration <= limitSeconds - TOLERANCE_SECONDS && size <= limits.maxInlineBytes()) {
            sink.accept(MediaSegment.ofTime(0, type.mimeType(), 0, duration, false, Files.readAllBytes(file)));
            return;
        }
        double maxDuration = properties.maxDuration().toMillis() / 1000.0;
        if (duration > maxDuration) {
            throw new MediaLimitExceededException(String.format(Locale.ROOT,
                    "the %s lasts %.1f s; at most %.0f s are split into segments (media.segments.max-duration)",
                    type.modality().wireName(), duration, maxDuration),
                    "media.segments.max-duration", maxDuration, duration, null);
        }
        double window = windowFor(type, duration, size);
        double overlap = Math.min(properties.overlap().toMillis() / 1000.0, window / 4);
        double maxCopySeconds = limitSeconds - MediaSegmentProperties.LIMIT_MARGIN_SECONDS;
        double[] keyframes = format.keyframesLimitCopy() && source.hasVideo()
                ? keyframes(file, format, source.startSeconds(), workDir, type) : null;

        List<Window> windows = plan(duration, window, overlap);
        segmentCount.accept(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            Window planned = windows.get(i);
            boolean last = i == windows.size() - 1;
            Path target = workDir.resolve("segment-" + i + "." + format.muxer);
            try {
                MediaSegment segment = null;
                if (format.copies) {
                    double copyStart = copyStart(planned.start(), keyframes);
                    if (copyStart >= 0 && planned.end() - copyStart <= maxCopySeconds) {
                        segment = copy(file, type, format, i, copyStart, planned.end(), last, maxCopySeconds, target,
                                workDir);
                    }
                }
                if (segment == null) {
                    segment = reencode(file, type, format, source, i, planned, last, limitSeconds, target, workDir);
                }
                sink.accept(segment);
            } finally {
                Files.deleteIfExists(target);
            }
        }
    }

    /** The configured window, shortened when the file's bitrate would make a segment too many bytes. */
    private double windowFor(SupportedMediaType type, double duration, long size) {
        double window = (type.modality() == Modality.VIDEO ? properties.videoWindow() : properties.audioWindow())
                .toMillis() / 1000.0;
        double bytesPerSecond = size / duration;
        double maxBytes = Math.min(INLINE_BYTES_SHARE * limits.maxInlineBytes(), properties.maxSegmentSize().toBytes());
        double windowByBytes = Math.floor(maxBytes / bytesPerSecond);
        if (windowByBytes < 1) {
            throw new MediaLimitExceededException(String.format(Locale.ROOT, "the %s carries %.1f MB per second; "
                    + "even one second would be over Gemini's %d MB of inline data", type.modality().wireName(),
                    bytesPerSecond / 1_048_576, limits.maxInlineBytes() / 1_048_576),
                    "maxInlineBytes", limits.maxInlineBytes(), bytesPerSecond, null);
        }
        return Math.min(window, windowByBytes);
    }

    /** Where a copy covering {@code start} must begin, or -1 when no key frame precedes it. */
    private static double copyStart(double start, double[] keyframes) {
        if (start == 0 || keyframes == null) {
            return start; // the file's start, or audio, whose every frame can begin a stream
        }
        int at = Arrays.binarySearch(keyframes, start + KEYFRAME_NUDGE_SECONDS / 2);
        int floor = at >= 0 ? at : -at - 2;
        return floor >= 0 ? Math.max(0, keyframes[floor]) : -1;
    }

    private MediaSegment copy(Path file, SupportedMediaType type, Format format, int index, double start, double end,
            boolean last, double maxCopySeconds, Path target, Path workDir) throws IOException, Ffmpeg.MissingException {
        List<String> arguments = new ArrayList<>();
        if (start > 0) {
            arguments.addAll(List.of("-ss", Ffmpeg.seconds(start + KEYFRAME_NUDGE_SECONDS)));
        }
        arguments.addAll(Ffmpeg.inputOptions(format.demuxer));
        arguments.addAll(List.of("-i", Ffmpeg.input(file)));
        if (!last) {
            arguments.addAll(List.of("-t", Ffmpeg.seconds(end - start)));
        }
        arguments.addAll(format.maps);
        arguments.addAll(List.of("-c", "copy", "-map_metadata", "-1"));
        if (format.isoBaseMedia) {
            // Without this the muxer hides the samples before the seek point behind an edit list.
            arguments.addAll(List.of("-use_editlist", "0"));
        }
        arguments.addAll(List.of("-f", format.muxer, Ffmpeg.input(target)));
        try {
            ffmpeg.ffmpeg(arguments, workDir);
        } catch (Ffmpeg.FailedException e) {
            log.debug("Stream copy of {} s..{} s failed ({}); re-encoding", start, end, e.getMessage());
            return null;
        }
        double measured = measure(target, format, workDir, type);
        double expected = end - start;
        if (measured > maxCopySeconds + TOLERANCE_SECONDS || Math.abs(measured - expected) > TOLERANCE_SECONDS) {
            log.debug("Stream copy of {} s..{} s lasts {} s; re-encoding", start, end, measured);
            return null;
        }
        return MediaSegment.ofTime(index, type.mimeType(), start, end, false, read(target, type));
    }

    private MediaSegment reencode(Path file, SupportedMediaType type, Format format, Ffmpeg.Probe source, int index,
            Window window, boolean last, int limitSeconds, Path target, Path workDir)
            throws IOException, Ffmpeg.MissingException {
        List<String> arguments = new ArrayList<>();
        if (window.start() > 0) {
            arguments.addAll(List.of("-ss", Ffmpeg.seconds(window.start())));
        }
        arguments.addAll(Ffmpeg.inputOptions(format.demuxer));
        arguments.addAll(List.of("-i", Ffmpeg.input(file)));
        if (!last) {
            arguments.addAll(List.of("-t", Ffmpeg.seconds(window.end() - window.start())));
        }
        arguments.addAll(format.maps);
        arguments.addAll(format.encoders(source));
        arguments.addAll(List.of("-map_metadata", "-1", "-f", format.muxer, Ffmpeg.input(target)));
        try {
            ffmpeg.ffmpeg(arguments, workDir);
        } catch (Ffmpeg.FailedException e) {
            throw unreadable(type, String.format(Locale.ROOT, "%.1f s..%.1f s could not be re-encoded: %s",
                    window.start(), window.end(), e.getMessage()), e);
        }
        double measured = measure(target, format, workDir, type);
        double expected = window.end() - window.start();
        if (measured > limitSeconds) {
            throw unreadable(type, String.format(Locale.ROOT, "%.1f s..%.1f s came out %.1f s long; its timestamps "
                    + "are inconsistent", window.start(), window.end(), measured), null);
        }
        if (measured < expected - TOLERANCE_SECONDS) {
            throw unreadable(type, String.format(Locale.ROOT, "it ends before its stated %.1f s (%.1f s..%.1f s holds"
                    + " only %.1f s); truncated?", source.durationSeconds(), window.start(), window.end(), measured), null);
        }
        return MediaSegment.ofTime(index, type.mimeType(), window.start(), window.end(), true, read(target, type));
    }

    private double measure(Path segment, Format format, Path workDir, SupportedMediaType type)
            throws IOException, Ffmpeg.MissingException {
        return probe(segment, format, format.isoBaseMedia, workDir, type).longestSeconds();
    }

    private byte[] read(Path segment, SupportedMediaType type) throws IOException {
        long size = Files.size(segment);
        if (size > limits.maxInlineBytes()) {
            throw new MediaLimitExceededException(String.format(Locale.ROOT, "a segment of the %s comes to %.1f MB;"
                    + " Gemini accepts at most %.1f MB of inline data", type.modality().wireName(), size / 1_048_576.0,
                    limits.maxInlineBytes() / 1_048_576.0), "maxInlineBytes", limits.maxInlineBytes(), size, null);
        }
        return Files.readAllBytes(segment);
    }

    private Ffmpeg.Probe probe(Path file, Format format, boolean ignoreEditLists, Path workDir, SupportedMediaType type)
            throws IOException, Ffmpeg.MissingException {
        try {
            return ffmpeg.probe(file, format.demuxer, ignoreEditLists, workDir);
        } catch (Ffmpeg.FailedException e) {
            throw unreadable(type, "ffprobe cannot read it: " + e.getMessage(), e);
        }
    }

    private double[] keyframes(Path file, Format format, double startSeconds, Path workDir, SupportedMediaType type)
            throws IOException, Ffmpeg.MissingException {
        try {
            return ffmpeg.keyframes(file, format.demuxer, startSeconds, workDir);
        } catch (Ffmpeg.FailedException e) {
            throw unreadable(type, "ffprobe cannot list its key frames: " + e.getMessage(), e);
        }
    }

    static UnsupportedMediaException unreadable(SupportedMediaType type, String reason, Throwable cause) {
        return new UnsupportedMediaException("the " + type.mimeType() + " file cannot be split: " + reason, 0, null,
                type.mimeType(), cause);
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }

    /** How ffmpeg reads, writes and re-encodes one supported type. */
    private enum Format {
        // MP4 and MOV share ffmpeg's "mov" demuxer; the muxer keeps the original's brand, and so its sniffed type.
        MP4("mov", "mp4", true, true),
        QUICKTIME("mov", "mov", true, true),
        MP3("mp3", "mp3", true, false),
        WAV("wav", "wav", false, false);

        final String demuxer;
        final String muxer;
        final boolean copies;
        final boolean isoBaseMedia;
        final List<String> maps;

        Format(String demuxer, String muxer, boolean copies, boolean isoBaseMedia) {
            this.demuxer = demuxer;
            this.muxer = muxer;
            this.copies = copies;
            this.isoBaseMedia = isoBaseMedia;
            // One video and one audio stream: subtitles, timecode and data tracks could not be copied
            // into every container, and Gemini has no use for them. An MP3's cover picture is dropped.
            this.maps = isoBaseMedia ? List.of("-map", "0:v:0?", "-map", "0:a:0?") : List.of("-map", "0:a:0");
        }

        static Format of(SupportedMediaType type) {
            return switch (type) {
                case MP4 -> MP4;
                case QUICKTIME -> QUICKTIME;
                case MP3 -> MP3;
                case WAV -> WAV;
                default -> throw new IllegalArgumentException(type.mimeType() + " is neither audio nor video");
            };
        }

        boolean keyframesLimitCopy() {
            return isoBaseMedia;
        }

        List<String> encoders(Ffmpeg.Probe source) {
            return switch (this) {
                // Even dimensions, because 4:2:0 chroma (what every player decodes) needs them.
                case MP4, QUICKTIME -> List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
                        "-pix_fmt", "yuv420p", "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2", "-c:a", "aac", "-b:a", "128k");
                case MP3 -> List.of("-c:a", "libmp3lame", "-q:a", "4");
                case WAV -> {
                    String codec = source.audioCodec();
                    yield List.of("-c:a", codec != null && codec.startsWith("pcm_") ? codec : "pcm_s16le");
                }
            };
        }
    }
}
