package dev.geminisearch.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffprobe and ffmpeg as subprocesses: no shell, {@code -nostdin}, a timeout per run, output and
 * errors captured in files of the caller's private directory (files rather than pipes, so that a chatty
 * process can never block on a full pipe while we wait for it). Thread-safe: it holds only settings.
 *
 * <p>Inputs are always opened as {@code file:<absolute path>} with the demuxer forced and only the
 * file protocol allowed, so that a name can be read neither as an option nor as a protocol
 * ({@code http:}, {@code concat:}), a file sniffed as MP4 is never handed to a playlist demuxer, and
 * nothing inside a file can make ffmpeg open a URL.
 */
final class Ffmpeg {

    private static final int STDERR_TAIL_BYTES = 4096;
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);

    private final String ffmpeg;
    private final String ffprobe;
    private final Duration timeout;

    Ffmpeg(Path ffmpeg, Path ffprobe, Duration timeout) {
        this.ffmpeg = ffmpeg.toString();
        this.ffprobe = ffprobe.toString();
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A run that did not end with exit code 0, or that timed out; the message is ffmpeg's last line. */
    static final class FailedException extends Exception {

        FailedException(String message) {
            super(message);
        }
    }

    /** The executable could not be started at all (not installed, not executable). */
    static final class MissingException extends Exception {

        MissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One stream of a probed file; duration is null when the container does not state it. */
    record Stream(String codecType, String codecName, Double durationSeconds) {
    }

    /**
     * What ffprobe says about a file.
     *
     * @param durationSeconds the container's duration (edit lists applied unless ignored), or null
     * @param startSeconds    the container's start time, 0 when not stated
     */
    record Probe(Double durationSeconds, double startSeconds, List<Stream> streams) {

        boolean hasVideo() {
            return streams.stream().anyMatch(stream -> stream.codecType().equals("video"));
        }

        boolean hasAudio() {
            return streams.stream().anyMatch(stream -> stream.codecType().equals("audio"));
        }

        /** The codec of the first audio stream, or null. */
        String audioCodec() {
            return streams.stream().filter(stream -> stream.codecType().equals("audio"))
                    .map(Stream::codecName).findFirst().orElse(null);
        }

        /**
         * The longest span any stream or the container claims: what a reader of the file could be
         * given, with edit lists ignored by the caller so that a hidden prefix counts too.
         */
        double longestSeconds() {
            double longest = durationSeconds == null ? 0 : durationSeconds;
            for (Stream stream : streams) {
                if (stream.durationSeconds() != null) {
                    longest = Math.max(longest, stream.durationSeconds());
                }
            }
            return longest;
        }
    }

    /**
     * Why ffmpeg or ffprobe cannot be used, or null when both answer {@code -version}.
     */
    String unavailableReason() {
        for (String tool : List.of(ffmpeg, ffprobe)) {
            try {
                Process process = new ProcessBuilder(tool, "-version")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return tool + " -version did not answer within " + VERSION_TIMEOUT.toSeconds() + " s";
                }
                if (process.exitValue() != 0) {
                    return tool + " -version exited with " + process.exitValue();
                }
            } catch (IOException e) {
                return tool + " cannot be run (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while checking " + tool;
            }
        }
        return null;
    }

    /**
     * Probes a file's container and streams.
     *
     * @param demuxer         ffmpeg's name of the container format ({@code mov}, {@code mp3}, {@code wav})
     * @param ignoreEditLists for MP4/MOV: report every stored sample, including those an edit list hides
     */
    Probe probe(Path file, String demuxer, boolean ignoreEditLists, Path workDir)
            throws FailedException, MissingException, IOException {
        List<String> command = new ArrayList<>(List.of(ffprobe, "-v", "error"));
        command.addAll(inputOptions(demuxer));
        if (ignoreEditLists) {
            command.addAll(List.of("-ignore_editlist", "1"));
        }
        command.addAll(List.of("-show_entries", "format=duration,start_time:stream=codec_type,codec_name,duration",
                "-of", "flat", input(file)));
        Path out = run(command, workDir);
        try {
            return parseProbe(Files.readAllLines(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * Times of the key frames of the first video stream, in seconds on the timeline that {@code -ss}
     * uses (the container's start time subtracted), ascending. Reads packets without decoding them.
     */
    double[] keyframes(Path file, String demuxer, double startSeconds, Path workDir)
            throws FailedException, MissingException, IOException {
        List<String> command = new ArrayList<>(List.of(ffprobe, "-v", "error"));
        command.addAll(inputOptions(demuxer));
        command.addAll(List.of("-select_streams", "v:0", "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0",
                input(file)));
        Path out = run(command, workDir);
        try (BufferedReader lines = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            double[] times = new double[64];
            int count = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int comma = line.indexOf(',');
                if (comma <= 0 || comma + 1 >= line.length() || line.charAt(comma + 1) != 'K') {
                    continue;
                }
                double time;
                try {
                    time = Double.parseDouble(line.substring(0, comma)) - startSeconds;
                } catch (NumberFormatException e) {
                    continue; // "N/A": a packet without a timestamp cannot be sought to
                }
                if (count == times.length) {
                    times = Arrays.copyOf(times, count * 2);
                }
                times[count++] = time;
            }
            double[] sorted = Arrays.copyOf(times, count);
            Arrays.sort(sorted);
            return sorted;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs ffmpeg with these arguments after the common ones ({@code -nostdin}, errors only, overwrite). */
    void ffmpeg(List<String> arguments, Path workDir) throws FailedException, MissingException, IOException {
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(arguments);
        Files.deleteIfExists(run(command, workDir));
    }

    /**
     * Options that go before an input: its demuxer, forced, and no protocol but local files, so that
     * nothing inside a file (a playlist, a data reference) can make ffmpeg open a URL.
     */
    static List<String> inputOptions(String demuxer) {
        return List.of("-protocol_whitelist", "file", "-f", demuxer);
    }

    /** How ffmpeg and ffprobe are told to read or write a local file and nothing else. */
    static String input(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    // Returns the file holding standard output; the caller deletes it.
    private Path run(List<String> command, Path workDir) throws FailedException, MissingException, IOException {
        Path out = Files.createTempFile(workDir, "out-", ".txt");
        Path err = Files.createTempFile(workDir, "err-", ".txt");
        boolean succeeded = false;
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(workDir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new MissingException(command.get(0) + " cannot be run (" + e.getMessage() + ")", e);
            }
            process.getOutputStream().close();
            boolean exited;
            try {
                exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                // Not the file's fault: surfaces as an I/O failure rather than as unreadable media.
                throw new InterruptedIOException(command.get(0) + " was interrupted");
            }
            if (!exited) {
                process.destroyForcibly();
                waitQuietly(process);
                throw new FailedException("it took longer than " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new FailedException(lastLine(err, process.exitValue()));
            }
            succeeded = true;
            return out;
        } finally {
            Files.deleteIfExists(err);
            if (!succeeded) {
                Files.deleteIfExists(out);
            }
        }
    }

    private static void waitQuietly(Process process) {
        try {
            process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ffmpeg's last error line is the one that says what went wrong; earlier ones are context.
    private static String lastLine(Path err, int exitCode) throws IOException {
        String tail;
        try (RandomAccessFile file = new RandomAccessFile(err.toFile(), "r")) {
            long start = Math.max(0, file.length() - STDERR_TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            tail = new String(bytes, StandardCharsets.UTF_8);
        }
        List<String> lines = tail.strip().lines().filter(line -> !line.isBlank()).toList();
        String last = lines.isEmpty() ? "exit code " + exitCode : lines.get(lines.size() - 1).strip();
        // Paths in the message would expose server directories to API clients.
        last = last.replaceAll("file:/\\S*?(?=: |\\s|$)", "the file");
        return last.length() <= 200 ? last : last.substring(0, 200) + "...";
    }

    // -of flat prints lines such as: streams.stream.0.codec_type="video" and format.duration="150.000000".
    private static Probe parseProbe(List<String> lines) {
        Map<String, String> values = new HashMap<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                String value = line.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(line.substring(0, equals).strip(), value);
            }
        }
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; values.containsKey("streams.stream." + i + ".codec_type"); i++) {
            String prefix = "streams.stream." + i + ".";
            streams.add(new Stream(values.get(prefix + "codec_type"), values.getOrDefault(prefix + "codec_name", ""),
                    number(values.get(prefix + "duration"))));
        }
        Double start = number(values.get("format.start_time"));
        return new Probe(number(values.get("format.duration")), start == null ? 0 : start, List.copyOf(streams));
    }

    private static Double number(String value) {
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value);
            return Double.isFinite(parsed) ? parsed : null;
        } catch (NumberFormatException e) {
            return null; // ffprobe prints N/A for what it does not know
        }
    }
}
