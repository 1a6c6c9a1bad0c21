package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One input part in JSON: either {@code text}, or {@code mimeType} with base64 {@code data}.
 */
@Schema(description = "One input part: either `text`, or base64 `data` with an optional `mimeType` "
        + "(the type is sniffed from the bytes; a declared type that disagrees is rejected with 415).")
public record PartRequest(
        @Schema(description = "Text of a text part.", example = "A puppy playing in the grass") String text,
        @Schema(description = "Declared media type of `data`; optional.", example = "image/png") String mimeType,
        @Schema(description = "Base64 (standard alphabet) bytes of a media part.", example = "iVBORw0KGgo...") String data) {
}
