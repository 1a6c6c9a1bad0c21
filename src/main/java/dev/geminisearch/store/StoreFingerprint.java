package dev.geminisearch.store;

/**
 * The embedding space a store was built in. Vectors of different models or sizes are not
 * comparable, so a store refuses to open under another fingerprint.
 */
public record StoreFingerprint(String model, int dimensions) {
}
