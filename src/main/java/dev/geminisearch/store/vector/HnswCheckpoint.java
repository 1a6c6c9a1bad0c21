package dev.geminisearch.store.vector;

/**
 * Which writes of the owning store a saved {@link HnswIndex} reflects, so that a store opening it
 * replays only the writes after it. Opaque to the index: it stores and returns it unchanged.
 *
 * <p>A file store would use, for example, {@code epoch} = an id of its log file that changes when
 * the log is rewritten (compacted), and {@code position} = the log's length when the index was
 * saved: the saved graph is then usable iff the log still has that epoch and is at least that long,
 * and the records from {@code position} on are the ones to replay.
 *
 * @param epoch    which history {@code position} counts in
 * @param position how far into that history the saved index is up to date, 0 or more
 */
public record HnswCheckpoint(long epoch, long position) {

    /** For an index that reflects no writes yet. */
    public static final HnswCheckpoint NONE = new HnswCheckpoint(0, 0);

    public HnswCheckpoint {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative, was " + position);
        }
    }

    /**
     * Whether an index saved at this checkpoint can be brought up to date from a history that is
     * now at {@code currentPosition} of {@code currentEpoch}: same epoch, and not ahead of it (a
     * checkpoint ahead of the history belongs to another, or a truncated, history).
     */
    public boolean isPrefixOf(long currentEpoch, long currentPosition) {
        return epoch == currentEpoch && position <= currentPosition;
    }
}
