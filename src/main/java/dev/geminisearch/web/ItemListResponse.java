package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A page of items in id order. */
public record ItemListResponse(
        List<ItemView> items,
        @Schema(description = "Pass as `cursor` for the next page; null on the last page.") String nextCursor) {
}
