package dev.geminisearch.web;

/** An {@code Idempotency-Key} came back with another body than the request it was first used with. */
final class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException() {
        super("this Idempotency-Key was already used with another request body; use a new key for a new request");
    }
}
