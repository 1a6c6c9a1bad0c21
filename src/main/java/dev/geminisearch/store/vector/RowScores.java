package dev.geminisearch.store.vector;

/** Receives one score per row from {@link VectorRows#scan(float[], RowScores)}, rows in ascending order. */
@FunctionalInterface
public interface RowScores {

    void accept(int row, float score);
}
