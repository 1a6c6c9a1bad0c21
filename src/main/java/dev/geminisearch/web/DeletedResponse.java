package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of {@code DELETE /items?filter=...}. */
public record DeletedResponse(@Schema(example = "3") long deleted) {
}
