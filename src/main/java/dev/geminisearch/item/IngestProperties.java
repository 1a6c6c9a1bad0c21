package dev.geminisearch.item;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Ingest of long media ({@code ingest.*}).
 *
 * @param segmentConcurrency segments of one file embedded at once (INGEST_SEGMENT_CONCURRENCY); also how many
 *                           cut segments wait in memory, so memory per long ingest is about this many segments
 * @param segmentAttempts    tries per segment when Gemini stays unavailable or out of quota after its own
 *                           retries (INGEST_SEGMENT_ATTEMPTS); when a segment still fails, nothing is stored
 * @param segmentBytesInFlight segment bytes of one file being embedded at once (INGEST_SEGMENT_BYTES_IN_FLIGHT):
 *                           big segments then go fewer at a time, since the Gemini SDK holds several copies of
 *                           each while sending it; a segment larger than this goes alone
 */
@ConfigurationProperties("ingest")
public record IngestProperties(@DefaultValue("4") int segmentConcurrency, @DefaultValue("3") int segmentAttempts,
                               @DefaultValue("64MB") DataSize segmentBytesInFlight) {

    public IngestProperties {
        if (segmentConcurrency < 1 || segmentConcurrency > 64) {
            throw new IllegalArgumentException("ingest.segment-concurrency must be within 1..64, was " + segmentConcurrency);
        }
        if (segmentAttempts < 1 || segmentAttempts > 10) {
            throw new IllegalArgumentException("ingest.segment-attempts must be within 1..10, was " + segmentAttempts);
        }
        if (segmentBytesInFlight == null || segmentBytesInFlight.toBytes() < DataSize.ofMegabytes(1).toBytes()) {
            throw new IllegalArgumentException("ingest.segment-bytes-in-flight must be at least 1MB, was " + segmentBytesInFlight);
        }
    }
}
