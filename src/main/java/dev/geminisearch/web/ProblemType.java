package dev.geminisearch.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** The kinds of error this API answers, each with a stable type URI, status and short title. */
enum ProblemType {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Missing or wrong API key"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT(HttpStatus.CONFLICT, "Conflict"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    RANGE_NOT_SATISFIABLE(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "Range not satisfiable"),
    UNSUPPORTED_MEDIA(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media"),
    MEDIA_LIMIT_EXCEEDED(HttpStatus.UNPROCESSABLE_CONTENT, "Over a Gemini limit"),
    SPLIT_UNAVAILABLE(HttpStatus.UNPROCESSABLE_CONTENT, "Cannot split this media here"),
    GEMINI_REJECTED(HttpStatus.UNPROCESSABLE_CONTENT, "Rejected by Gemini"),
    QUOTA_EXHAUSTED(HttpStatus.TOO_MANY_REQUESTS, "Gemini quota exhausted"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    UPSTREAM_FAILED(HttpStatus.BAD_GATEWAY, "Gemini failed"),
    EMBEDDER_NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE, "Embedding not configured"),
    GEMINI_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Gemini unavailable"),
    STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable"),
    BUSY(HttpStatus.SERVICE_UNAVAILABLE, "Busy"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private static final String TYPE_PREFIX = "urn:problem-type:gemini-search:";

    private final HttpStatus status;
    private final String title;

    ProblemType(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    URI type() {
        return URI.create(TYPE_PREFIX + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type());
        problem.setTitle(title);
        return problem;
    }

    /** The kind for a status the framework chose; INTERNAL for one we do not name. */
    static ProblemType forStatus(int status) {
        if (status == HttpStatus.UNPROCESSABLE_CONTENT.value()) {
            return GEMINI_REJECTED;
        }
        for (ProblemType type : values()) {
            if (type.status.value() == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : INVALID_REQUEST;
    }
}
