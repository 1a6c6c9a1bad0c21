/**
 * Background jobs for work that takes longer than a request should (ingesting an hour of video):
 * a bounded queue and worker pool, progress, and the outcome. Public surface:
 * {@link dev.geminisearch.job.JobService}, {@link dev.geminisearch.job.Job} and its records. Must
 * never know HTTP: the web layer turns a failed job's exception into a problem.
 */
package dev.geminisearch.job;
