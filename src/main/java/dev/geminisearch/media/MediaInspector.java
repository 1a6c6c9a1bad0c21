package dev.geminisearch.media;

import dev.geminisearch.embedding.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks an input (the parts of one embedding) before it goes to Gemini: finds out what each media
 * part really is from its bytes, measures it, and enforces {@link MediaLimits}.
 *
 * <p>Checks run cheapest first, so that a large input is turned away before anything is parsed:
 * <ol>
 * <li>shape: at least one part, no empty media, no blank text in a text-only input
 *     ({@link InvalidPartException});</li>
 * <li>type of every media part, sniffed from its bytes and compared with the declared type
 *     ({@link UnsupportedMediaException});</li>
 * <li>whole-input limits: inline bytes, bytes per PDF, number of images, estimated text tokens
 *     ({@link MediaLimitExceededException});</li>
 * <li>part by part: parsing (unreadable bytes give {@link UnsupportedMediaException}), then the
 *     duration and page limits ({@link MediaLimitExceededException}).</li>
 * </ol>
 * For ingest, {@link #inspectForIngest} (parts in memory) and {@link #inspectFile} (one file on disk,
 * never read whole) accept audio, video and PDFs over the duration, page and byte limits, flagging
 * them {@link InspectedPart#needsSplitting()} for {@link MediaSegmenter}; everything else is checked as
 * by {@link #inspect}, which rejects them. There the whole-input limits come after parsing, since only
 * then is it known which parts leave the byte total to be split.
 *
 * <p>Messages count parts from 1, as people do; exception fields and {@link InspectedPart#index()} count
 * from 0. Text tokens are estimated as described in {@code TextTokenEstimator}: at least
 * {@code max(ceil(utf8Bytes / 4), words + cjkCharacters)} over all text parts together.
 *
 * <p>Thread-safe and stateless between calls; build one and share it.
 */
public final class MediaInspector {

    private static final String TEXT_TYPE = "text/plain";
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final double MEBIBYTE_BYTES = 1024.0 * 1024.0;
    // Enough for every magic Tika checks for our types (all near the start of the file).
    private static final int SNIFF_BYTES = 64 * 1024;

    private final MediaLimits limits;
    private final MediaSniffer sniffer = new MediaSniffer();
    private final MediaMeasurer measurer = new MediaMeasurer();

    public MediaInspector(MediaLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Inspects the parts of one input.
     *
     * @param parts the parts, in order; media parts may declare a type or not (null, blank or
     *              {@code application/octet-stream} mean "sniff it")
     * @return the parts with canonical sniffed types, their descriptions and modalities
     * @throws InvalidPartException        if the input is empty, a media part has no bytes, or a
     *                                     text-only input has blank text
     * @throws UnsupportedMediaException   if a media part is of an unsupported type, contradicts its
     *                                     declared type, or cannot be read as its type
     * @throws MediaLimitExceededException if the input is over one of the {@link MediaLimits}
     */
    public InspectedInput inspect(List<Part> parts) {
        return inspect(parts, false);
    }

    /**
     * Inspects the parts of one input for ingest, where media over a limit can still be accepted by
     * splitting it: like {@link #inspect}, except that audio or video over its duration limit (or
     * alone over the inline byte limit) and a PDF over the page or PDF byte limit are flagged
     * {@link InspectedPart#needsSplitting()} instead of rejected, and left out of the whole-input
     * byte total. Everything else is checked and rejected as {@link #inspect} does.
     *
     * @throws InvalidPartException        as {@link #inspect}
     * @throws UnsupportedMediaException   as {@link #inspect}
     * @throws MediaLimitExceededException for limits that splitting cannot help: images, text tokens,
     *                                     and the inline bytes of the parts that are not split
     */
    public InspectedInput inspectForIngest(List<Part> parts) {
        return inspect(parts, true);
    }

    /**
     * Inspects one media file on disk for ingest (an upload streamed to a temporary file), without
     * reading it into memory: the type is sniffed from its first bytes and audio, video and PDFs are
     * measured from the file. Over-limit audio, video and PDFs are flagged
     * {@link InspectedPart#needsSplitting()} as in {@link #inspectForIngest}; an image must be within
     * the inline byte limit. The part is numbered 0 and described as part 1 in messages.
     *
     * @param file         the media; not changed
     * @param declaredType the type the client declared; null, blank or {@code application/octet-stream}
     *                     mean "sniff it"
     * @throws InvalidPartException        if the file is empty
     * @throws UnsupportedMediaException   if the type is unsupported, contradicts the declared type, or
     *                                     the file cannot be read as its type
     * @throws MediaLimitExceededException if an image is over the inline byte limit
     * @throws UncheckedIOException        if the file cannot be read at all
     */
    public InspectedPart inspectFile(Path file, String declaredType) {
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new InvalidPartException("part 1 has no bytes");
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes((int) Math.min(size, SNIFF_BYTES));
            }
            SupportedMediaType type = sniff(0, new Part.Media(declaredType, head));
            if (type.modality() == Modality.IMAGE) {
                if (size > limits.maxInlineBytes()) {
                    throw new MediaLimitExceededException("the media parts add up to " + megabytes(size)
                            + "; Gemini accepts at most " + megabytes(limits.maxInlineBytes())
                            + " of inline data per request", "maxInlineBytes", limits.maxInlineBytes(), size, null);
                }
                return measure(0, type, new Part.Media(declaredType, Files.readAllBytes(file)), true);
            }
            MediaMeasurer.Measurement measurement;
            try {
                measurement = measurer.measure(type, file);
            } catch (UnreadableMediaException e) {
                throw unreadable(0, type, declaredType, e);
            }
            return judge(0, type, size, measurement, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the media file " + file, e);
        }
    }

    private InspectedInput inspect(List<Part> parts, boolean splitting) {
        checkShape(parts);
        List<SupportedMediaType> types = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            types.add(parts.get(i) instanceof Part.Media media ? sniff(i, media) : null);
        }
        if (!splitting) {
            checkWholeInputLimits(parts, types, null);
        }

        List<Part> canonicalParts = new ArrayList<>(parts.size());
        List<InspectedPart> inspectedParts = new ArrayList<>(parts.size());
        Set<Modality> modalities = new LinkedHashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            InspectedPart inspected;
            if (parts.get(i) instanceof Part.Media media) {
                SupportedMediaType type = types.get(i);
                canonicalParts.add(new Part.Media(type.mimeType(), media.data()));
                inspected = measure(i, type, media, splitting);
            } else {
                Part.Text text = (Part.Text) parts.get(i);
                canonicalParts.add(text);
                inspected = new InspectedPart(i, Modality.TEXT, TEXT_TYPE,
                        text.text().getBytes(StandardCharsets.UTF_8).length, null, null);
            }
            inspectedParts.add(inspected);
            modalities.add(inspected.modality());
        }
        if (splitting) {
            // Measured first: which parts are split (and so leave the byte total) is known only now.
            checkWholeInputLimits(parts, types, inspectedParts);
        }
        return new InspectedInput(canonicalParts, inspectedParts, List.copyOf(modalities));
    }

    private static void checkShape(List<Part> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new InvalidPartException("the input has no parts; send at least one text or media part");
        }
        boolean textOnly = true;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            if (part == null) {
                throw new InvalidPartException("part " + (i + 1) + " is missing");
            }
            if (part instanceof Part.Media media) {
                textOnly = false;
                if (media.data().length == 0) {
                    throw new InvalidPartException("part " + (i + 1) + " has no bytes");
                }
            }
        }
        if (textOnly) {
            for (int i = 0; i < parts.size(); i++) {
                if (((Part.Text) parts.get(i)).text().isBlank()) {
                    // Blank text only makes sense beside media (an empty caption); alone it means nothing.
                    throw new InvalidPartException("part " + (i + 1) + " is empty text; a text-only input needs "
                            + "non-blank text");
                }
            }
        }
    }

    private SupportedMediaType sniff(int index, Part.Media media) {
        String detected = sniffer.detect(media.data());
        SupportedMediaType type = SupportedMediaType.forName(detected).orElse(null);
        String detectedName = type == null ? detected : type.mimeType();
        String declared = declaredType(media.mimeType());
        if (declared != null && !compatible(sniffer.canonicalName(declared), detectedName)) {
            String message = "part " + (index + 1) + " declares " + declared + " but its bytes are " + detectedName;
            if (type == null) {
                message += ", which Gemini cannot embed (supported: " + SupportedMediaType.SUPPORTED_LIST + ")";
            }
            throw new UnsupportedMediaException(message, index, declared, detectedName);
        }
        if (type == null) {
            throw new UnsupportedMediaException("part " + (index + 1) + " is " + detectedName
                    + ", which Gemini cannot embed; supported types: " + SupportedMediaType.SUPPORTED_LIST
                    + (detectedName.equals(TEXT_TYPE) ? " (send text as a text part)" : ""),
                    index, declared, detectedName);
        }
        return type;
    }

    /** The declared type worth checking, or null when the client left the decision to us. */
    private static String declaredType(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        String normalised = SupportedMediaType.normalise(declared);
        return normalised.equals(OCTET_STREAM) ? null : normalised;
    }

    // MP4 and QuickTime are one container format told apart only by a brand field, and tools label
    // them loosely (a renamed .mov is still playable as .mp4). Either declaration is accepted for
    // either; what is sent to Gemini is the sniffed type all the same.
    private static boolean compatible(String declared, String detected) {
        if (declared.equals(detected)) {
            return true;
        }
        Set<String> isoBaseMedia = Set.of(SupportedMediaType.MP4.mimeType(), SupportedMediaType.QUICKTIME.mimeType());
        return isoBaseMedia.contains(declared) && isoBaseMedia.contains(detected);
    }

    // splitParts is null when nothing may be split; otherwise parts flagged there are left out.
    private void checkWholeInputLimits(List<Part> parts, List<SupportedMediaType> types,
            List<InspectedPart> splitParts) {
        long inlineBytes = 0;
        int images = 0;
        long textTokens = 0;
        for (int i = 0; i < parts.size(); i++) {
            SupportedMediaType type = types.get(i);
            if (splitParts != null && splitParts.get(i).needsSplitting()) {
                continue;
            }
            if (parts.get(i) instanceof Part.Media media) {
                inlineBytes += media.data().length;
                if (type.modality() == Modality.IMAGE) {
                    images++;
                }
                if (type == SupportedMediaType.PDF && media.data().length > limits.maxPdfBytes()) {
                    throw new MediaLimitExceededException("PDF part " + (i + 1) + " is " + megabytes(media.data().length)
                            + "; Gemini accepts at most " + megabytes(limits.maxPdfBytes()) + " per PDF",
                            "maxPdfBytes", limits.maxPdfBytes(), media.data().length, i);
                }
            } else {
                textTokens += TextTokenEstimator.estimate(((Part.Text) parts.get(i)).text());
            }
        }
        if (inlineBytes > limits.maxInlineBytes()) {
            throw new MediaLimitExceededException("the media parts add up to " + megabytes(inlineBytes)
                    + "; Gemini accepts at most " + megabytes(limits.maxInlineBytes()) + " of inline data per request",
                    "maxInlineBytes", limits.maxInlineBytes(), inlineBytes, null);
        }
        if (images > limits.maxImages()) {
            throw new MediaLimitExceededException("the input has " + images + " images; Gemini accepts at most "
                    + limits.maxImages() + " per request", "maxImages", limits.maxImages(), images, null);
        }
        if (textTokens > limits.maxTextTokens()) {
            throw new MediaLimitExceededException("the text comes to about " + textTokens
                    + " tokens (estimated); Gemini accepts at most " + limits.maxTextTokens() + " tokens per request",
                    "maxTextTokens", limits.maxTextTokens(), textTokens, null);
        }
    }

    private InspectedPart measure(int index, SupportedMediaType type, Part.Media media, boolean splitting) {
        MediaMeasurer.Measurement measurement;
        try {
            measurement = measurer.measure(type, media.data());
        } catch (UnreadableMediaException e) {
            throw unreadable(index, type, media.mimeType(), e);
        }
        return judge(index, type, media.data().length, measurement, splitting);
    }

    private UnsupportedMediaException unreadable(int index, SupportedMediaType type, String declared,
            UnreadableMediaException e) {
        return new UnsupportedMediaException("part " + (index + 1) + "'s bytes are not a readable "
                + type.mimeType() + ": " + e.getMessage(), index, declaredType(declared), type.mimeType(), e);
    }

    // Enforces the per-part limits on a measurement, or (when splitting) flags what is over them.
    private InspectedPart judge(int index, SupportedMediaType type, long sizeBytes,
            MediaMeasurer.Measurement measurement, boolean splitting) {
        Double duration = measurement.durationSeconds();
        Integer pages = measurement.pageCount();
        if (splitting && type.modality() != Modality.IMAGE) {
            boolean overLimit = switch (type.modality()) {
                case AUDIO -> duration > limits.maxAudioSeconds() || sizeBytes > limits.maxInlineBytes();
                case VIDEO -> duration > limits.maxVideoSeconds() || sizeBytes > limits.maxInlineBytes();
                default -> pages > limits.maxPdfPages() || sizeBytes > limits.maxPdfBytes();
            };
            return new InspectedPart(index, type.modality(), type.mimeType(), sizeBytes, duration, pages, overLimit);
        }
        if (type.modality() == Modality.AUDIO && duration > limits.maxAudioSeconds()) {
            throw durationExceeded("audio", index, duration, limits.maxAudioSeconds(), "maxAudioSeconds");
        }
        if (type.modality() == Modality.VIDEO && duration > limits.maxVideoSeconds()) {
            throw durationExceeded("video", index, duration, limits.maxVideoSeconds(), "maxVideoSeconds");
        }
        if (type == SupportedMediaType.PDF && pages > limits.maxPdfPages()) {
            throw new MediaLimitExceededException("PDF part " + (index + 1) + " has " + pages
                    + " pages; Gemini accepts at most " + limits.maxPdfPages() + " pages per PDF",
                    "maxPdfPages", limits.maxPdfPages(), pages, index);
        }
        return new InspectedPart(index, type.modality(), type.mimeType(), sizeBytes, duration, pages);
    }

    private static MediaLimitExceededException durationExceeded(String kind, int index, double seconds, int limit,
            String limitName) {
        return new MediaLimitExceededException(kind + " part " + (index + 1) + " lasts " + seconds(seconds, limit)
                + " s; Gemini accepts at most " + limit + " s of " + kind + " per request",
                limitName, limit, seconds, index);
    }

    // One decimal reads best, but must not round 180.04 s down to a "180.0 s" that looks within the limit.
    private static String seconds(double seconds, int limit) {
        String rounded = String.format(Locale.ROOT, "%.1f", seconds);
        return Double.parseDouble(rounded) > limit ? rounded : String.format(Locale.ROOT, "%.3f", seconds);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB (%d bytes)", bytes / MEBIBYTE_BYTES, bytes);
    }
}
