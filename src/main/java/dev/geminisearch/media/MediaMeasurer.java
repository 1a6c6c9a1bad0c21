package dev.geminisearch.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.XMPDM;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.mp3.Mp3Parser;
import org.apache.tika.parser.mp4.MP4Parser;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Measures what Gemini limits: the duration of audio and video and the pages of a PDF; images are
 * only checked to be decodable. Thread-safe: Tika's parsers are stateless and every call opens its
 * own PDFBox document and image reader.
 */
final class MediaMeasurer {

    private static final int MAX_REASON_CHARS = 160;

    private final Parser mp3Parser = new Mp3Parser();
    private final Parser mp4Parser = new MP4Parser();

    /** What was measured; the fields that do not apply to the type are null. */
    record Measurement(Double durationSeconds, Integer pageCount) {
    }

    /**
     * @throws UnreadableMediaException if the bytes carry the type's magic but cannot be read as it
     */
    Measurement measure(SupportedMediaType type, byte[] bytes) throws UnreadableMediaException {
        return switch (type) {
            case PNG, JPEG -> {
                checkImageHeader(type, bytes);
                yield new Measurement(null, null);
            }
            case WAV -> new Measurement(WavHeader.durationSeconds(bytes), null);
            case MP3 -> new Measurement(tikaDuration(mp3Parser, () -> TikaInputStream.get(bytes)), null);
            case MP4, QUICKTIME -> new Measurement(tikaDuration(mp4Parser, () -> TikaInputStream.get(bytes)), null);
            case PDF -> new Measurement(null, pageCount(() -> Loader.loadPDF(bytes)));
        };
    }

    /**
     * Measures audio, video or a PDF in a file without reading it into memory: WAV by its chunk
     * headers, MP3 and MP4 by streaming them through Tika's parsers (which skip the media data of an
     * MP4), PDFs by PDFBox with its scratch data in temporary files. Gives the same answers as
     * {@link #measure(SupportedMediaType, byte[])} for the same bytes.
     *
     * @throws IllegalArgumentException for an image type: images are measured from their bytes
     * @throws UnreadableMediaException if the file carries the type's magic but cannot be read as it
     */
    Measurement measure(SupportedMediaType type, Path file) throws UnreadableMediaException {
        return switch (type) {
            case PNG, JPEG -> throw new IllegalArgumentException("images are measured from their bytes");
            case WAV -> new Measurement(WavHeader.durationSeconds(file), null);
            case MP3 -> new Measurement(tikaDuration(mp3Parser, () -> TikaInputStream.get(file)), null);
            case MP4, QUICKTIME -> new Measurement(tikaDuration(mp4Parser, () -> TikaInputStream.get(file)), null);
            case PDF -> new Measurement(null, pageCount(() -> Loader.loadPDF(file.toFile(), "", null, null,
                    IOUtils.createTempFileOnlyStreamCache())));
        };
    }

    /** Opens what a parser reads; the caller closes it. */
    @FunctionalInterface
    private interface Opener<T> {
        T open() throws IOException;
    }

    // Since Tika 2.0, xmpDM:duration is in seconds for both parsers (Tika 1.x gave MP3 in milliseconds).
    private static double tikaDuration(Parser parser, Opener<InputStream> opener) throws UnreadableMediaException {
        Metadata metadata = new Metadata();
        try (InputStream in = opener.open()) {
            parser.parse(in, new DefaultHandler(), metadata, new ParseContext());
        } catch (IOException | TikaException | SAXException | RuntimeException e) {
            // Parsers fed hostile bytes fail with arbitrary runtime exceptions too (index, arithmetic).
            throw new UnreadableMediaException(describe(e), e);
        }
        String duration = metadata.get(XMPDM.DURATION);
        if (duration == null) {
            throw new UnreadableMediaException("no duration could be read from it");
        }
        double seconds;
        try {
            seconds = Double.parseDouble(duration);
        } catch (NumberFormatException e) {
            throw new UnreadableMediaException("its duration '" + duration + "' is not a number", e);
        }
        // Zero also comes from fragmented MP4s, whose length is only in the fragments: without a length
        // the 120 s limit cannot be enforced, so such files are refused rather than let through.
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new UnreadableMediaException("no positive duration could be read from it");
        }
        return seconds;
    }

    private static int pageCount(Opener<PDDocument> opener) throws UnreadableMediaException {
        try (PDDocument document = opener.open()) {
            // getNumberOfPages() is the root's /Count, which the file states: a PDF of 40 pages saying
            // /Count 1 (or -1) would pass the page limit. Walk the tree, and keep a larger /Count as is.
            int pages = Math.max(document.getNumberOfPages(), pagesInTree(document));
            if (pages <= 0) {
                throw new UnreadableMediaException("it has no pages");
            }
            return pages;
        } catch (InvalidPasswordException e) {
            throw new UnreadableMediaException("it is password-protected", e);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableMediaException(describe(e), e);
        }
    }

    static int pagesInTree(PDDocument document) {
        int pages = 0;
        for (var ignored : document.getPages()) {
            pages++;
        }
        return pages;
    }

    // Reads the header only (dimensions): enough to catch bytes that merely start with the right magic,
    // without decoding pixels.
    private static void checkImageHeader(SupportedMediaType type, byte[] bytes) throws UnreadableMediaException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type.mimeType());
        if (!readers.hasNext()) {
            return; // no decoder in this JDK: nothing to check with, Gemini will judge
        }
        ImageReader reader = readers.next();
        // An explicit memory cache: ImageIO.createImageInputStream may spool to a temp file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            if (reader.getWidth(0) <= 0 || reader.getHeight(0) <= 0) {
                throw new UnreadableMediaException("it has no pixels");
            }
        } catch (IOException | RuntimeException e) {
            throw new UnreadableMediaException(describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    // Parser messages reach API clients: keep them to one short line.
    static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "the parser gave up without a reason";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() <= MAX_REASON_CHARS ? line : line.substring(0, MAX_REASON_CHARS) + "...";
    }
}
