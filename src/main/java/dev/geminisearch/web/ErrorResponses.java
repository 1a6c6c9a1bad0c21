package dev.geminisearch.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an operation can answer; {@link OpenApiConfiguration} documents each as an
 * {@code application/problem+json} response, so the list lives in one place per operation.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface ErrorResponses {
    int[] value();
}
