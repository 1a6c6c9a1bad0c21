package dev.geminisearch.store;

/** Whether an upsert created a new item or replaced one with the same id. */
public enum UpsertOutcome {
    CREATED, REPLACED
}
