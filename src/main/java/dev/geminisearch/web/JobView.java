package dev.geminisearch.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.geminisearch.job.Job;
import dev.geminisearch.job.JobStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.http.ProblemDetail;

/**
 * A background job as {@code GET /jobs/{id}} shows it.
 *
 * @param id        the job's id
 * @param kind      what it does
 * @param status    queued, running, succeeded or failed
 * @param progress  units done of total (segments, for a long-media ingest)
 * @param itemId    the item it stores
 * @param item      the stored item's URL, once succeeded
 * @param error     why it failed, as the problem the request would have got
 * @param createdAt when it was submitted
 * @param updatedAt when it last changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A background job: poll until status is succeeded or failed.")
public record JobView(
        @Schema(example = "0b6f3c1e-4a8e-4c1f-9d55-2f5e2a7b9c10") String id,
        @Schema(example = "ingest") String kind,
        @Schema(allowableValues = {"queued", "running", "succeeded", "failed"}, example = "running") String status,
        Progress progress,
        @Schema(example = "meeting-2026-11-20") String itemId,
        @Schema(example = "/items/meeting-2026-11-20") String item,
        ProblemDetail error,
        Instant createdAt,
        Instant updatedAt) {

    /** The view of a job; a failure becomes the problem the request would have got. */
    static JobView of(Job job, Function<RuntimeException, ProblemDetail> problems) {
        boolean succeeded = job.status() == JobStatus.SUCCEEDED;
        return new JobView(job.id(), job.kind(), job.status().name().toLowerCase(Locale.ROOT),
                new Progress(job.progress().done(), job.progress().total()), job.itemId(),
                succeeded && job.itemId() != null ? RequestMapper.itemUrl(job.itemId()) : null,
                job.failure() == null ? null : problems.apply(job.failure()), job.createdAt(), job.updatedAt());
    }

    /** Where a job can be read. */
    static String url(String id) {
        return "/jobs/" + id; // a UUID: safe in a path as it is
    }

    /** Units done of total; total is 0 until known. */
    public record Progress(@Schema(example = "7") int done, @Schema(example = "31") int total) {
    }
}
