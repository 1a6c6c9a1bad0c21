package dev.geminisearch.web;

import dev.geminisearch.job.JobService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
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
        return JobView.of(jobs.get(id), problems::problemOf);
    }
}
