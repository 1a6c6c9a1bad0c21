package dev.geminisearch.job;

/** A job that was still queued or running when the service shut down; nothing of it was stored. */
public class JobAbandonedException extends RuntimeException {

    public JobAbandonedException() {
        super("the service shut down before the job finished; nothing was stored, submit it again");
    }
}
