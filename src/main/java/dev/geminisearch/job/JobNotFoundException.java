package dev.geminisearch.job;

/** No job with this id: never submitted, or finished longer ago than the retention. */
public class JobNotFoundException extends RuntimeException {

    public JobNotFoundException(String id) {
        super("no job '" + id + "' (finished jobs are kept for a limited time)");
    }
}
