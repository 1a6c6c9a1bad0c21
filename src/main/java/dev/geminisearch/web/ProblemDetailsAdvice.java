package dev.geminisearch.web;

import dev.geminisearch.admin.AdminOperationException;
import dev.geminisearch.embedding.EmbedderNotConfiguredException;
import dev.geminisearch.embedding.EmbeddingQuotaExceededException;
import dev.geminisearch.embedding.EmbeddingRejectedException;
import dev.geminisearch.embedding.EmbeddingUnavailableException;
import dev.geminisearch.embedding.GeminiCircuitOpenException;
import dev.geminisearch.item.InvalidItemException;
import dev.geminisearch.job.JobAbandonedException;
import dev.geminisearch.job.JobNotFoundException;
import dev.geminisearch.job.JobQueueFullException;
import dev.geminisearch.item.ItemNotFoundException;
import dev.geminisearch.media.InvalidPartException;
import dev.geminisearch.media.MediaLimitExceededException;
import dev.geminisearch.media.MediaSplitUnavailableException;
import dev.geminisearch.media.UnsupportedMediaException;
import dev.geminisearch.search.InvalidSearchException;
import dev.geminisearch.store.InvalidCursorException;
import dev.geminisearch.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error, ours or the framework's, as one {@code application/problem+json} shape (RFC 9457):
 * a stable {@code type} per kind, a short {@code title}, a human {@code detail}, and {@code errors}
 * for field errors. Internal failures never leak class names or stack traces.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final java.util.regex.Pattern JAVA_TYPE = java.util.regex.Pattern.compile("`?\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$.<>\\[\\]]*`?");

    /** One field error. */
    record FieldProblem(String field, String message) {
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        return fieldProblem(e.field(), e.getMessage());
    }

    @ExceptionHandler(InvalidItemException.class)
    ResponseEntity<ProblemDetail> invalidItem(InvalidItemException e) {
        return fieldProblem(e.field(), e.getMessage());
    }

    @ExceptionHandler(InvalidSearchException.class)
    ResponseEntity<ProblemDetail> invalidSearch(InvalidSearchException e) {
        return fieldProblem(e.field(), e.getMessage());
    }

    @ExceptionHandler(InvalidPartException.class)
    ResponseEntity<ProblemDetail> invalidPart(InvalidPartException e) {
        return respond(ProblemType.INVALID_REQUEST.problem(e.getMessage()));
    }

    @ExceptionHandler(InvalidCursorException.class)
    ResponseEntity<ProblemDetail> invalidCursor(InvalidCursorException e) {
        return fieldProblem("cursor", e.getMessage());
    }

    @ExceptionHandler(ItemNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ItemNotFoundException e) {
        return respond(ProblemType.NOT_FOUND.problem(e.getMessage()));
    }

    @ExceptionHandler(UnsupportedMediaException.class)
    ResponseEntity<ProblemDetail> unsupportedMedia(UnsupportedMediaException e) {
        return respond(ProblemType.UNSUPPORTED_MEDIA.problem(e.getMessage()));
    }

    @ExceptionHandler(MediaSplitUnavailableException.class)
    ResponseEntity<ProblemDetail> splitUnavailable(MediaSplitUnavailableException e) {
        // The client can still send media within Gemini's limits, so this is about the input, not an outage.
        return respond(ProblemType.SPLIT_UNAVAILABLE.problem(e.getMessage()));
    }

    @ExceptionHandler(MediaLimitExceededException.class)
    ResponseEntity<ProblemDetail> mediaLimit(MediaLimitExceededException e) {
        ProblemDetail problem = ProblemType.MEDIA_LIMIT_EXCEEDED.problem(e.getMessage());
        problem.setProperty("limit", Map.of("name", e.limitName(), "max", e.limit(), "actual", e.actual()));
        return respond(problem);
    }

    @ExceptionHandler(EmbeddingRejectedException.class)
    ResponseEntity<ProblemDetail> rejectedByGemini(EmbeddingRejectedException e) {
        return respond(ProblemType.GEMINI_REJECTED.problem(e.getMessage()));
    }

    @ExceptionHandler(EmbeddingQuotaExceededException.class)
    ResponseEntity<ProblemDetail> quota(EmbeddingQuotaExceededException e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(ProblemType.QUOTA_EXHAUSTED.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(ProblemType.QUOTA_EXHAUSTED.problem(e.getMessage()));
    }

    @ExceptionHandler(EmbeddingUnavailableException.class)
    ResponseEntity<ProblemDetail> upstream(EmbeddingUnavailableException e) {
        log.warn("Gemini call failed: {}", e.getMessage());
        return respond(ProblemType.UPSTREAM_FAILED.problem(e.getMessage()));
    }

    @ExceptionHandler(GeminiCircuitOpenException.class)
    ResponseEntity<ProblemDetail> circuitOpen(GeminiCircuitOpenException e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(ProblemType.GEMINI_UNAVAILABLE.status())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(ProblemType.GEMINI_UNAVAILABLE.problem(e.getMessage()));
    }

    @ExceptionHandler(EmbedderNotConfiguredException.class)
    ResponseEntity<ProblemDetail> notConfigured(EmbedderNotConfiguredException e) {
        return respond(ProblemType.EMBEDDER_NOT_CONFIGURED.problem(e.getMessage()));
    }

    @ExceptionHandler(AdminOperationException.class)
    ResponseEntity<ProblemDetail> adminConflict(AdminOperationException e) {
        return respond(ProblemType.CONFLICT.problem(e.getMessage()));
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e) {
        log.warn("Store unavailable: {}", e.getMessage());
        return ResponseEntity.status(ProblemType.STORE_UNAVAILABLE.status()).header(HttpHeaders.RETRY_AFTER, "5")
                .body(ProblemType.STORE_UNAVAILABLE.problem("The store cannot be reached right now; try again shortly."));
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return respond(ProblemType.IDEMPOTENCY_KEY_REUSED.problem(e.getMessage()));
    }

    @ExceptionHandler(IdempotencyKeyInProgressException.class)
    ResponseEntity<ProblemDetail> idempotencyKeyInProgress(IdempotencyKeyInProgressException e) {
        return ResponseEntity.status(ProblemType.CONFLICT.status()).header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemType.CONFLICT.problem(e.getMessage()));
    }

    /**
     * The problem a single request failing with {@code e} gets, for the per-item results of a batch,
     * which answer 200 as a whole.
     */
    ProblemDetail problemOf(RuntimeException e) {
        ResponseEntity<ProblemDetail> response;
        if (e instanceof InvalidRequestException invalid) {
            response = invalidRequest(invalid);
        } else if (e instanceof InvalidItemException invalid) {
            response = invalidItem(invalid);
        } else if (e instanceof InvalidPartException invalid) {
            response = invalidPart(invalid);
        } else if (e instanceof UnsupportedMediaException unsupported) {
            response = unsupportedMedia(unsupported);
        } else if (e instanceof MediaLimitExceededException limit) {
            response = mediaLimit(limit);
        } else if (e instanceof MediaSplitUnavailableException unavailable) {
            response = splitUnavailable(unavailable);
        } else if (e instanceof EmbeddingRejectedException rejected) {
            response = rejectedByGemini(rejected);
        } else if (e instanceof EmbeddingQuotaExceededException quota) {
            response = quota(quota);
        } else if (e instanceof EmbeddingUnavailableException unavailable) {
            response = upstream(unavailable);
        } else if (e instanceof EmbedderNotConfiguredException notConfigured) {
            response = notConfigured(notConfigured);
        } else if (e instanceof StoreUnavailableException storeDown) {
            response = storeUnavailable(storeDown);
        } else if (e instanceof GeminiCircuitOpenException open) {
            response = circuitOpen(open);
        } else if (e instanceof JobAbandonedException abandoned) {
            response = respond(ProblemType.BUSY.problem(abandoned.getMessage()));
        } else {
            response = unexpected(e);
        }
        return response.getBody();
    }

    @ExceptionHandler(RangeNotSatisfiableException.class)
    ResponseEntity<ProblemDetail> rangeNotSatisfiable(RangeNotSatisfiableException e) {
        return ResponseEntity.status(ProblemType.RANGE_NOT_SATISFIABLE.status())
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + e.size())
                .body(ProblemType.RANGE_NOT_SATISFIABLE.problem(e.getMessage()));
    }

    @ExceptionHandler(JobNotFoundException.class)
    ResponseEntity<ProblemDetail> jobNotFound(JobNotFoundException e) {
        return respond(ProblemType.NOT_FOUND.problem(e.getMessage()));
    }

    @ExceptionHandler(JobQueueFullException.class)
    ResponseEntity<ProblemDetail> jobQueueFull(JobQueueFullException e) {
        return ResponseEntity.status(ProblemType.BUSY.status()).header(HttpHeaders.RETRY_AFTER, "30")
                .body(ProblemType.BUSY.problem(e.getMessage()));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> unreadableMultipart(MultipartException e) {
        return respond(ProblemType.INVALID_REQUEST.problem("The multipart body could not be read; check its boundary "
                + "and that every field is complete."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return respond(ProblemType.INTERNAL.problem("The service failed unexpectedly; the error is logged."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable tooLarge = causeOfType(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = ProblemType.PAYLOAD_TOO_LARGE.problem(tooLarge.getMessage());
            return new ResponseEntity<>(problem, headers, problem.getStatus());
        }
        // Syntax errors have a path too, but only a well-formed value of the wrong type is a field error.
        JacksonException mismatch = causeOfType(e, StreamReadException.class) != null ? null
                : (JacksonException) causeOfType(e, DatabindException.class);
        String field = mismatch == null ? "" : fieldPath(mismatch);
        ProblemDetail problem = field.isEmpty()
                ? ProblemType.INVALID_REQUEST.problem("The body is not valid JSON of the expected shape: " + readableReason(e))
                : withErrors(List.of(new FieldProblem(field, "has the wrong type or shape: " + readableReason(e))));
        return new ResponseEntity<>(problem, headers, problem.getStatus());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            // A binding failure's default message names Java types; say what the client sent instead.
            errors.add(new FieldProblem(error.getField(), error.isBindingFailure()
                    ? rejected(error.getRejectedValue()) : error.getDefaultMessage()));
        }
        return new ResponseEntity<>(withErrors(errors), headers, HttpStatusCode.valueOf(400));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String field = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        return new ResponseEntity<>(withErrors(List.of(new FieldProblem(field, rejected(e.getValue())))),
                headers, HttpStatusCode.valueOf(400));
    }

    /** Quotes a rejected text value; anything else (a file sent for a text field) would print as a Java object. */
    private static String rejected(Object value) {
        if (value instanceof String[] values && values.length == 1) {
            value = values[0];
        }
        return value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                ? "'" + value + "' is not a valid value" : "must be a single text field, not a file or a repeated field";
    }

    @Override
    protected ResponseEntity<Object> handleConversionNotSupported(ConversionNotSupportedException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        // Reached when a client sends a file where a text field is expected.
        String field = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        return new ResponseEntity<>(withErrors(List.of(new FieldProblem(field, "must be a text field, not a file"))),
                headers, HttpStatusCode.valueOf(400));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(result.getMethodParameter().getParameterName(), error.getDefaultMessage()));
            }
        });
        return new ResponseEntity<>(withErrors(errors), headers, HttpStatusCode.valueOf(400));
    }

    /** Gives framework-made problems (bad JSON, oversize upload, wrong method...) our type and title. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemType type = ProblemType.forStatus(status.value());
        if (status.is5xxServerError()) {
            // The framework's words for a server failure can name internals; say only that it is logged.
            log.error("Request failed", e);
            return super.handleExceptionInternal(e, type.problem("The service failed unexpectedly; the error is logged."),
                    headers, status, request);
        }
        ProblemDetail problem = body instanceof ProblemDetail framework && framework.getDetail() != null
                ? type.problem(framework.getDetail()) : type.problem(e.getMessage());
        if (body instanceof ProblemDetail framework && framework.getProperties() != null) {
            framework.getProperties().forEach(problem::setProperty);
        }
        return super.handleExceptionInternal(e, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    private static ProblemDetail withErrors(List<FieldProblem> errors) {
        String detail = errors.isEmpty() ? "The request is invalid." : errors.get(0).field() + ": " + errors.get(0).message();
        ProblemDetail problem = ProblemType.INVALID_REQUEST.problem(detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> fieldProblem(String field, String message) {
        return respond(withErrors(List.of(new FieldProblem(field, message))));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static String readableReason(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        String message = cause.getMessage() == null ? "unreadable body" : cause.getMessage();
        // Jackson appends the source location and reference chain; the first line is the useful part.
        int newline = message.indexOf('\n');
        String firstLine = newline > 0 ? message.substring(0, newline) : message;
        // Java type names mean nothing to API clients and reveal internals.
        return JAVA_TYPE.matcher(firstLine).replaceAll("the expected type");
    }

    /** The JSON path of a Jackson failure, as the client wrote it: {@code parts[1].data}. */
    private static String fieldPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Throwable causeOfType(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}
