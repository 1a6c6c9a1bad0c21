package dev.geminisearch.store;

/**
 * Thrown at start-up when a store was built with another model or dimension count than the
 * service is configured for. The message says how to proceed.
 */
public class StoreFingerprintMismatchException extends RuntimeException {

    public StoreFingerprintMismatchException(String location, StoreFingerprint stored, StoreFingerprint configured) {
        this(location, stored, configured, "a new STORE_PATH");
    }

    /**
     * @param emptyStoreHint how to point the service at an empty store of this kind, e.g. "a new STORE_PATH"
     */
    public StoreFingerprintMismatchException(String location, StoreFingerprint stored, StoreFingerprint configured,
                                             String emptyStoreHint) {
        super("The store at " + location + " holds " + stored.dimensions() + "-dimension vectors of model '"
                + stored.model() + "', but the service is configured for " + configured.dimensions()
                + " dimensions of model '" + configured.model() + "'. Vectors of different models or sizes "
                + "cannot be mixed. Either start with GEMINI_MODEL=" + stored.model() + " and EMBEDDING_DIMENSIONS="
                + stored.dimensions() + " (then, to change the size, run POST /admin/reindex {\"dimensions\": "
                + configured.dimensions() + "} on it and restart with the new size once it succeeded), or point the "
                + "service at an empty store (e.g. " + emptyStoreHint + ") and re-ingest your items there.");
    }
}
