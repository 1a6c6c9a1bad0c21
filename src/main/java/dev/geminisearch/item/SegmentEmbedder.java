package dev.geminisearch.item;

import dev.geminisearch.embedding.EmbeddingQuotaExceededException;
import dev.geminisearch.embedding.EmbeddingUnavailableException;
import dev.geminisearch.embedding.EmbeddingTask;
import dev.geminisearch.embedding.Part;
import dev.geminisearch.media.MediaSegment;
import dev.geminisearch.media.MediaSegmenter;
import dev.geminisearch.search.EmbeddingService;
import dev.geminisearch.store.StoredSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds a long media file segment by segment: the segmenter cuts the file while up to
 * {@code concurrency} segments are embedded at once, so memory holds only those few segments, and a
 * segment whose embedding fails is tried again before the whole fails. All-or-nothing: either
 * every segment has a vector or an exception says why not. Thread-safe.
 */
public final class SegmentEmbedder {

    /**
     * A file's segments, each with its vector, and the item-level vector.
     *
     * @param segments in order, covering the whole file
     * @param vector   the normalised mean of the segment vectors: the whole file's direction, used to
     *                 find items similar to this one
     */
    public record Embedded(List<StoredSegment> segments, float[] vector) {
    }

    private static final Logger log = LoggerFactory.getLogger(SegmentEmbedder.class);

    private final MediaSegmenter segmenter;
    private final IngestProperties properties;

    public SegmentEmbedder(MediaSegmenter segmenter, IngestProperties properties) {
        this.segmenter = segmenter;
        this.properties = properties;
    }

    /**
     * Splits the file and embeds every segment as a search document.
     *
     * @param file        the media, unchanged
     * @param mimeType    its sniffed type (PDF, audio or video)
     * @param title       the item's title, written into every segment's prompt; may be null
     * @param dimensions  vector size
     * @param embeddings  the embedding service to use (a re-index passes its own)
     * @param onPlanned   told the number of segments once the file is measured, before the first is cut
     * @param onEmbedded  told each time one more segment has its vector
     */
    public Embedded embed(Path file, String mimeType, String title, int dimensions, EmbeddingService embeddings,
                          IntConsumer onPlanned, Runnable onEmbedded) {
        int concurrency = properties.segmentConcurrency();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "segment-embedder");
            thread.setDaemon(true);
            return thread;
        });
        // Bounds the segments in memory, by count and by bytes (in KiB): the splitter waits while they are taken.
        Semaphore inFlight = new Semaphore(concurrency);
        int budgetKib = (int) Math.min(Integer.MAX_VALUE, properties.segmentBytesInFlight().toKilobytes());
        Semaphore bytesInFlight = new Semaphore(budgetKib);
        List<Future<StoredSegment>> futures = new ArrayList<>();
        try {
            segmenter.forEachSegment(file, mimeType, onPlanned, segment -> {
                int kib = (int) Math.min(budgetKib, Math.max(1, segment.data().length / 1024));
                acquire(inFlight);
                acquire(bytesInFlight, kib);
                futures.add(workers.submit(() -> {
                    try {
                        StoredSegment stored = embedOne(segment, title, dimensions, embeddings);
                        onEmbedded.run();
                        return stored;
                    } finally {
                        bytesInFlight.release(kib);
                        inFlight.release();
                    }
                }));
                failFast(futures);
            });
            List<StoredSegment> segments = new ArrayList<>(futures.size());
            for (Future<StoredSegment> future : futures) {
                segments.add(await(future));
            }
            segments.sort(Comparator.comparingInt(StoredSegment::index));
            return new Embedded(List.copyOf(segments), meanDirection(segments, dimensions));
        } finally {
            workers.shutdownNow();
        }
    }

    private StoredSegment embedOne(MediaSegment segment, String title, int dimensions, EmbeddingService embeddings) {
        Part.Media part = segment.toPart();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= properties.segmentAttempts(); attempt++) {
            try {
                float[] vector = embeddings.embed(List.of(part), EmbeddingTask.SEARCH_DOCUMENT, title, dimensions).vector();
                return segment.pageStart() != null
                        ? StoredSegment.pageSpan(segment.index(), segment.pageStart(), segment.pageEnd(), vector)
                        : StoredSegment.timeSpan(segment.index(), segment.startSeconds(), segment.endSeconds(), vector);
            } catch (EmbeddingUnavailableException | EmbeddingQuotaExceededException e) {
                // Gemini down or out of quota even after the retry policy's own attempts: worth one
                // more go for this segment before the whole item is given up. Rejections are final.
                if (attempt == properties.segmentAttempts()) {
                    throw e;
                }
                last = e;
                log.info("Segment {} failed ({}); trying it again ({} of {})", segment.index(), e.getMessage(), attempt + 1,
                        properties.segmentAttempts());
            }
        }
        throw last;
    }

    /** The normalised mean of the segment vectors. */
    static float[] meanDirection(List<StoredSegment> segments, int dimensions) {
        float[] sum = new float[dimensions];
        for (StoredSegment segment : segments) {
            float[] v = segment.vector();
            for (int i = 0; i < dimensions; i++) {
                sum[i] += v[i];
            }
        }
        double norm = 0;
        for (float x : sum) {
            norm += (double) x * x;
        }
        float scale = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            sum[i] *= scale;
        }
        return sum;
    }

    /** Stops the split at once when a segment has already failed for good. */
    private static void failFast(List<Future<StoredSegment>> futures) {
        for (Future<StoredSegment> future : futures) {
            if (future.isDone()) {
                await(future);
            }
        }
    }

    private static StoredSegment await(Future<StoredSegment> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while embedding segments");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("embedding a segment failed", e.getCause());
        }
    }

    private static void acquire(Semaphore semaphore) {
        acquire(semaphore, 1);
    }

    private static void acquire(Semaphore semaphore, int permits) {
        try {
            semaphore.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while splitting");
        }
    }
}
