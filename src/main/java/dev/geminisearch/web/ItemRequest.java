package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /items} in JSON. */
public record ItemRequest(
        @Schema(description = "Id to store under; an existing item with it is replaced. Generated when omitted. "
                + "1 to 256 letters, digits or . _ - : @ ~", example = "puppy-1") String id,
        @Schema(description = "Parts embedded together into the item's ONE vector.", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotEmpty(message = "give at least one part") List<@Valid PartRequest> parts,
        @Schema(description = "Optional title; it is written into the document prompt.", example = "Puppy in the grass") String title,
        @Schema(description = "Optional metadata: string, number or boolean values; filterable, not embedded.",
                example = "{\"source\": \"camera\", \"year\": 2024}") Map<String, Object> metadata) {
}
