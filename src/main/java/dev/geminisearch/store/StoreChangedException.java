package dev.geminisearch.store;

/**
 * The store was switched to another vector size (a re-index finished) between a caller reading
 * the size and using it. The caller should start its operation over once.
 */
public class StoreChangedException extends RuntimeException {

    public StoreChangedException(int expected, int actual) {
        super("the store now holds " + actual + "-dimension vectors, not " + expected + " (a re-index just switched it)");
    }
}
