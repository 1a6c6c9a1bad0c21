package dev.geminisearch.item;

import dev.geminisearch.job.Job;

/** What {@link ItemService#submit} did: stored the item at once, or started a job that will. */
public sealed interface IngestOutcome {

    /** Stored during the call. */
    record Stored(IngestResult result) implements IngestOutcome {
    }

    /** Long media: a background job splits, embeds and stores it. */
    record Accepted(Job job) implements IngestOutcome {
    }
}
