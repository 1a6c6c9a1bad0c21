package dev.geminisearch.job;

/** Where a job is in its life; {@link #SUCCEEDED} and {@link #FAILED} are final. */
public enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED;
    }
}
