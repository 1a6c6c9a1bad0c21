package dev.geminisearch.job;

import java.time.Instant;

/**
 * A snapshot of one job.
 *
 * @param id        random, unguessable id
 * @param kind      what the job does, e.g. {@code ingest}
 * @param status    where it is
 * @param progress  how far it got
 * @param itemId    the item it works on (known from the start for an ingest)
 * @param failure   why it failed; null unless {@link JobStatus#FAILED}
 * @param createdAt when it was submitted
 * @param updatedAt when its status or progress last changed
 */
public record Job(String id, String kind, JobStatus status, JobProgress progress, String itemId, RuntimeException failure,
                  Instant createdAt, Instant updatedAt) {
}
