package dev.geminisearch.store.vector;

/**
 * Rows with their exact scores, best first (higher score first, then lower row). The arrays are
 * the caller's to keep; they are not copied.
 *
 * @param rows   row numbers
 * @param scores exact dot products, {@code scores[i]} for {@code rows[i]}
 */
public record RankedRows(int[] rows, float[] scores) {

    public int count() {
        return rows.length;
    }
}
