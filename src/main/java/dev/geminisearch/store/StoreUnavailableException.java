package dev.geminisearch.store;

/** The store cannot be reached right now (e.g. its database is down); trying again later may work. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
