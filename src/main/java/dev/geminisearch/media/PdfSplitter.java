package dev.geminisearch.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessStreamCache.StreamCacheCreateFunction;
import org.apache.pdfbox.multipdf.Splitter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Cuts a PDF into windows of consecutive pages, each written as a new PDF. Memory stays bounded by a
 * window, not the file: the original is read from disk and PDFBox keeps its scratch data in files of
 * the split's private folder. Thread-safe: it holds only settings.
 */
final class PdfSplitter {

    private final int pagesPerWindow;
    private final int pageOverlap;
    private final int maxPages;
    private final MediaLimits limits;

    PdfSplitter(MediaSegmentProperties properties, MediaLimits limits) {
        this.pagesPerWindow = Math.min(properties.pdfPagesPerWindow(), limits.maxPdfPages());
        this.pageOverlap = Math.min(properties.pdfPageOverlap(), pagesPerWindow - 1);
        this.maxPages = properties.maxPdfPages();
        this.limits = limits;
    }

    /** Page windows, 1-based and inclusive, covering 1..pages in order. */
    record Window(int first, int last) {
    }

    static List<Window> plan(int pages, int pagesPerWindow, int pageOverlap) {
        List<Window> windows = new ArrayList<>();
        int first = 1;
        while (true) {
            int last = Math.min(first + pagesPerWindow - 1, pages);
            windows.add(new Window(first, last));
            if (last == pages) {
                return windows;
            }
            first = last - pageOverlap + 1;
        }
    }

    void split(Path file, Path workDir, IntConsumer planned, Consumer<MediaSegment> sink) throws IOException {
        StreamCacheCreateFunction scratch = MemoryUsageSetting.setupTempFileOnly().setTempDir(workDir.toFile()).streamCache;
        try (PDDocument document = load(file, scratch)) {
            int declared = document.getNumberOfPages();
            int pages = MediaMeasurer.pagesInTree(document);
            if (pages <= 0) {
                throw unreadable("it has no pages", null);
            }
            if (pages > maxPages) {
                throw new MediaLimitExceededException("the PDF has " + pages + " pages; at most " + maxPages
                        + " pages are split into segments (media.segments.max-pdf-pages)",
                        "media.segments.max-pdf-pages", maxPages, pages, null);
            }
            // A file whose /Count disagrees with its page tree is rewritten even when short, so that what
            // is sent has an honest count (the inspector counts the larger of the two).
            if (pages <= limits.maxPdfPages() && declared == pages && Files.size(file) <= limits.maxPdfBytes()) {
                sink.accept(MediaSegment.ofPages(0, 1, pages, Files.readAllBytes(file)));
                return;
            }
            List<Window> windows = plan(pages, pagesPerWindow, pageOverlap);
            planned.accept(windows.size());
            for (int i = 0; i < windows.size(); i++) {
                Window window = windows.get(i);
                sink.accept(MediaSegment.ofPages(i, window.first(), window.last(),
                        write(document, window, scratch, workDir.resolve("pages-" + i + ".pdf"))));
            }
        }
    }

    private static PDDocument load(Path file, StreamCacheCreateFunction scratch) {
        try {
            return Loader.loadPDF(file.toFile(), "", null, null, scratch);
        } catch (InvalidPasswordException e) {
            throw unreadable("it is password-protected", e);
        } catch (IOException | RuntimeException e) {
            throw unreadable(MediaMeasurer.describe(e), e);
        }
    }

    private byte[] write(PDDocument document, Window window, StreamCacheCreateFunction scratch, Path target)
            throws IOException {
        Splitter splitter = new Splitter();
        splitter.setStreamCacheCreateFunction(scratch);
        splitter.setStartPage(window.first());
        splitter.setEndPage(window.last());
        splitter.setSplitAtPage(window.last() - window.first() + 1);
        List<PDDocument> parts;
        try {
            parts = splitter.split(document);
        } catch (IOException | RuntimeException e) {
            throw unreadable("pages " + window.first() + "-" + window.last() + " cannot be copied: "
                    + MediaMeasurer.describe(e), e);
        }
        try {
            if (parts.size() != 1) {
                throw new IllegalStateException("PDFBox made " + parts.size() + " documents of pages "
                        + window.first() + "-" + window.last());
            }
            parts.get(0).save(target.toFile());
        } finally {
            for (PDDocument part : parts) {
                part.close();
            }
        }
        try {
            long size = Files.size(target);
            if (size > limits.maxPdfBytes()) {
                throw new MediaLimitExceededException("pages " + window.first() + "-" + window.last() + " of the PDF"
                        + " come to " + size + " bytes; Gemini accepts at most " + limits.maxPdfBytes()
                        + " bytes per PDF", "maxPdfBytes", limits.maxPdfBytes(), size, null);
            }
            return Files.readAllBytes(target);
        } finally {
            Files.deleteIfExists(target);
        }
    }

    private static UnsupportedMediaException unreadable(String reason, Throwable cause) {
        String type = SupportedMediaType.PDF.mimeType();
        return new UnsupportedMediaException("the " + type + " file cannot be split: " + reason, 0, null, type, cause);
    }
}
