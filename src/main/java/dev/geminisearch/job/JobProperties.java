package dev.geminisearch.job;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Background jobs ({@code jobs.*}).
 *
 * @param workers   jobs run at once ({@code JOBS_WORKERS}); each long-media ingest also embeds
 *                  several segments at once, so a few workers keep Gemini busy
 * @param queueSize jobs that may wait for a worker ({@code JOBS_QUEUE_SIZE}); beyond it a submit is
 *                  refused with 503 and Retry-After
 * @param retention how long a finished job can still be read ({@code JOBS_RETENTION})
 * @param maxKept   finished jobs kept at most, oldest dropped first ({@code JOBS_MAX_KEPT})
 */
@ConfigurationProperties("jobs")
public record JobProperties(@DefaultValue("2") int workers, @DefaultValue("100") int queueSize,
                            @DefaultValue("24h") Duration retention, @DefaultValue("10000") int maxKept) {

    public JobProperties {
        if (workers < 1) {
            throw new IllegalArgumentException("jobs.workers must be at least 1, was " + workers);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("jobs.queue-size must be at least 1, was " + queueSize);
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("jobs.retention must be positive");
        }
        if (maxKept < 1) {
            throw new IllegalArgumentException("jobs.max-kept must be at least 1, was " + maxKept);
        }
    }
}
