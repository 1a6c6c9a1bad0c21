package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of {@code GET /items/count}. */
public record CountResponse(@Schema(example = "42") long count) {
}
