package dev.geminisearch.web;

/** A request field that is malformed in a way bean validation cannot see (400). */
class InvalidRequestException extends RuntimeException {

    private final String field;

    InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
