package dev.geminisearch.admin;

/** An administrative operation that cannot run now or on this store (409). */
public class AdminOperationException extends RuntimeException {

    public AdminOperationException(String message) {
        super(message);
    }
}
