package dev.geminisearch.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/** The multipart form of {@code POST /items}. */
@Schema(description = "Each `file` field is a media part and each `text` field a text part (texts first).")
record ItemForm(
        @Schema(description = "Media files: image, audio, video, PDF.") List<MultipartFile> file,
        @Schema(description = "Text parts, e.g. a caption.") List<String> text,
        @Schema(description = "Id; an existing item with it is replaced. Generated when omitted.", example = "puppy-1") String id,
        @Schema(description = "Title, written into the document prompt.", example = "Puppy in the grass") String title,
        @Schema(description = "Metadata as a JSON object in a string.", example = "{\"source\": \"camera\", \"year\": 2024}")
        String metadata) {
}
