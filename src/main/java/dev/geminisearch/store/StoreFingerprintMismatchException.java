package dev.geminisearch.store;

/**
 * Thrown at start-up when a store was built with another model or dimension count than the
 * service is configured for. The message says how to proceed.
 */
public class StoreFingerprintMismatchException extends RuntimeException {

    public StoreFingerprintMismatchException(String location, StoreFingerprint stored, StoreFingerprint configured) {
        super("The store at " + location + " holds " + stored.dimensions() + "-dimension vectors of model '"
                + stored.model() + "', but the service is configured for " + configured.dimensions()
                + " dimensions of model '" + configured.model() + "'. Vectors of different models or sizes "
                + "cannot be mixed. Either start with GEMINI_MODEL=" + stored.model() + " and EMBEDDING_DIMENSIONS="
                + stored.dimensions() + ", or point the service at an empty store (e.g. a new STORE_PATH) and "
                + "re-ingest your items there.");
    }
}
