package dev.geminisearch.web;

/** A request with the same {@code Idempotency-Key} is still being worked on. */
final class IdempotencyKeyInProgressException extends RuntimeException {

    IdempotencyKeyInProgressException() {
        super("a request with this Idempotency-Key is still in progress; retry once it has answered");
    }
}
