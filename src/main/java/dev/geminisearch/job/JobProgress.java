package dev.geminisearch.job;

/**
 * How much of a job is done, in the job's own units (segments for a long-media ingest).
 *
 * @param done  units finished, 0..total
 * @param total units in all; 0 while not yet known
 */
public record JobProgress(int done, int total) {

    public static final JobProgress UNKNOWN = new JobProgress(0, 0);
}
