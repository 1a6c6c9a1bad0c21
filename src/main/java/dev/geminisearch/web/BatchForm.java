package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** The multipart form of {@code POST /items:batch}. */
@Schema(description = "Each `file` field becomes one item titled by its file name.")
record BatchForm(
        @Schema(description = "Media or text files, one item each (at most " + BatchIngest.MAX_ITEMS + ").")
        List<MultipartFile> file,
        @Schema(description = "Metadata for every item, as a JSON object in a string.", example = "{\"album\": \"summer\"}")
        String metadata) {
}
