package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of {@code POST /items:batch} in JSON. Items are checked one by one (not by Bean Validation
 * here), so that one bad item fails alone.
 */
public record BatchRequest(
        @Schema(description = "Items to ingest, each as the body of POST /items; at most " + BatchIngest.MAX_ITEMS + ".",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotEmpty(message = "give at least one item")
        @Size(max = BatchIngest.MAX_ITEMS, message = "at most " + BatchIngest.MAX_ITEMS + " items per request")
        List<ItemRequest> items) {
}
