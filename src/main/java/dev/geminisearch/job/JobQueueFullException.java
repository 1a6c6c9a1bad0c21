package dev.geminisearch.job;

/** Thrown when a job is submitted while the queue is full; the client should retry later. */
public class JobQueueFullException extends RuntimeException {

    private final int capacity;

    public JobQueueFullException(int capacity) {
        super("the job queue is full (" + capacity + " jobs waiting); retry later");
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }
}
