package dev.geminisearch.admin;

import java.time.Instant;

/**
 * Where a re-index stands.
 *
 * @param state      idle (none started since the service started), running, succeeded or failed
 * @param model      model of the new index (null when idle)
 * @param dimensions size of the new index (0 when idle)
 * @param done       items embedded into the new index, or found there already (a resumed run)
 * @param total      items in the old index when the run started
 * @param startedAt  when the run started; null when idle
 * @param finishedAt when it succeeded or failed; null before
 * @param error      why it failed; null otherwise
 */
public record ReindexStatus(State state, String model, int dimensions, long done, long total, Instant startedAt,
                            Instant finishedAt, String error) {

    /** The life of a re-index. */
    public enum State {
        IDLE, RUNNING, SUCCEEDED, FAILED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static ReindexStatus idle() {
        return new ReindexStatus(State.IDLE, null, 0, 0, 0, null, null, null);
    }
}
