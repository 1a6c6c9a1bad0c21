package dev.geminisearch.item;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ingest of long media ({@code ingest.*}).
 *
 * @param segmentConcurrency segments of one file embedded at once (INGEST_SEGMENT_CONCURRENCY); also how many
 *                           cut segments wait in memory, so memory per long ingest is about this many segments
 * @param segmentAttempts    tries per segment when Gemini stays unavailable or out of quota after its own
 *                           retries (INGEST_SEGMENT_ATTEMPTS); when a segment still fails, nothing is stored
 */
@ConfigurationProperties("ingest")
public record IngestProperties(@DefaultValue("4") int segmentConcurrency, @DefaultValue("3") int segmentAttempts) {

    public IngestProperties {
        if (segmentConcurrency < 1 || segmentConcurrency > 64) {
            throw new IllegalArgumentException("ingest.segment-concurrency must be within 1..64, was " + segmentConcurrency);
        }
        if (segmentAttempts < 1 || segmentAttempts > 10) {
            throw new IllegalArgumentException("ingest.segment-attempts must be within 1..10, was " + segmentAttempts);
        }
    }
}
