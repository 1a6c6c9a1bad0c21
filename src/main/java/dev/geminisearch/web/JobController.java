package dev.geminisearch.web;

import dev.geminisearch.job.Job;
import dev.geminisearch.job.JobService;
import dev.geminisearch.job.JobStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Background jobs: the state of a long ingest. */
@RestController
@Tag(name = "Jobs", description = "Work that outlasts a request, such as ingesting long audio, video or PDFs")
class JobController {

    private final JobService jobs;
    private final ProblemDetailsAdvice problems;

    JobController(JobService jobs, ProblemDetailsAdvice problems) {
        this.jobs = jobs;
        this.problems = problems;
    }

    @GetMapping(path = "/jobs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Get a job", description = "Status (queued, running, succeeded, failed), progress in units "
            + "(segments) done of total, the item it stores and, when it failed, the problem the ingest request would "
            + "have got. Finished jobs are kept for JOBS_RETENTION (24 h by default); jobs do not survive a restart.")
    @ErrorResponses({401, 404})
    JobView get(@PathVariable("id") String id) {
        return view(jobs.get(id));
    }

    /** 202 Accepted with the job and its Location. */
    ResponseEntity<JobView> accepted(Job job) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(jobUrl(job.id()))).body(view(job));
    }

    JobView view(Job job) {
        boolean succeeded = job.status() == JobStatus.SUCCEEDED;
        return new JobView(job.id(), job.kind(), job.status().name().toLowerCase(Locale.ROOT),
                new JobView.Progress(job.progress().done(), job.progress().total()), job.itemId(),
                succeeded && job.itemId() != null ? RequestMapper.itemUrl(job.itemId()) : null,
                job.failure() == null ? null : problems.problemOf(job.failure()), job.createdAt(), job.updatedAt());
    }

    static String jobUrl(String id) {
        return "/jobs/" + id; // a UUID, safe in a path as it is
    }
}
